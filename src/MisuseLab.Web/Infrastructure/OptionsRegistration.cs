using Microsoft.Extensions.Options;
using MisuseLab.Platform;
using MisuseLab.Storage;
using MisuseLab.Web.Areas.Account;

namespace MisuseLab.Web.Infrastructure;

public static class OptionsRegistration
{
    /// <summary>Binds every options class from its section; names come from <c>nameof</c> so a rename cannot drift.</summary>
    public static WebApplicationBuilder AddMisuseLabOptions(this WebApplicationBuilder builder)
    {
        const string root = MisuseLabOptions.SectionName;
        builder.Services.AddOptions<MisuseLabOptions>().BindConfiguration(root)
            .Validate(o => o.SanitySeeds == 0 || o.SanitySeeds >= 5,
                "MisuseLab:SanitySeeds must be 0 (skip, for test suites) or at least 5 (a verdict from fewer seeds is a coin toss).")
            .ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration($"{root}:{nameof(AppSections.Database)}")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        builder.Services.AddOptions<AccountOptions>().BindConfiguration($"{root}:{nameof(AppSections.Account)}");
        return builder;
    }

    // Start-up fails listing every problem, each naming its setting.
    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    // The sub-sections of "MisuseLab"; exists so section names come from nameof.
    private sealed class AppSections
    {
        public DatabaseOptions? Database { get; init; }
        public AccountOptions? Account { get; init; }
    }
}
