using MisuseLab.Storage;
using MisuseLab.Web.Areas.Account;

namespace MisuseLab.Web.Infrastructure;

public static class OptionsRegistration
{
    /// <summary>Binds every options class from its section; names come from <c>nameof</c> so a rename cannot drift.</summary>
    public static WebApplicationBuilder AddMisuseLabOptions(this WebApplicationBuilder builder)
    {
        const string root = MisuseLabOptions.SectionName;
        builder.Services.AddOptions<MisuseLabOptions>().BindConfiguration(root);
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration($"{root}:{nameof(AppSections.Database)}")
            .Validate(o => o.Validate().Count == 0, "MisuseLab:Database is invalid; see DatabaseOptions.Validate for the details.")
            .ValidateOnStart();
        builder.Services.AddOptions<AccountOptions>().BindConfiguration($"{root}:{nameof(AppSections.Account)}");
        return builder;
    }

    // The sub-sections of "MisuseLab"; exists so section names come from nameof.
    private sealed class AppSections
    {
        public DatabaseOptions? Database { get; init; }
        public AccountOptions? Account { get; init; }
    }
}
