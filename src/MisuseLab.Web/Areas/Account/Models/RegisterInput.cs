using System.ComponentModel.DataAnnotations;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Areas.Account.Models;

public sealed class RegisterInput : IValidatableObject
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    [StringLength(254)]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ; type the same password twice.")]
    [Display(Name = "Repeat password")]
    public string ConfirmPassword { get; set; } = "";

    public string? ReturnUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AccountPasswords.Check(Password) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Password)]);
        }
    }
}
