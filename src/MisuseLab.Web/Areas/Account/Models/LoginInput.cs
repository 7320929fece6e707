using System.ComponentModel.DataAnnotations;

namespace MisuseLab.Web.Areas.Account.Models;

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }

    /// <summary>Arrived from registration: the page says what happened without saying whether the address was new.</summary>
    public bool Registered { get; set; }

    /// <summary>Arrived from a password reset that succeeded.</summary>
    public bool Reset { get; set; }
}
