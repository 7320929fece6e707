using System.ComponentModel.DataAnnotations;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Areas.Account.Models;

public sealed class ResetInput : IValidatableObject
{
    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ; type the same password twice.")]
    [Display(Name = "Repeat new password")]
    public string ConfirmPassword { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AccountPasswords.Check(Password) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Password)]);
        }
    }
}
