using System.ComponentModel.DataAnnotations;

namespace MisuseLab.Web.Areas.Account.Models;

public sealed class ForgotInput
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    [StringLength(254)]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";
}
