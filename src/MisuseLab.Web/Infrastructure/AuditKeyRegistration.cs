using MisuseLab.Storage.Audit;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// Resolves the audit chain's keys while the app is built, so a missing key stops start-up with a message naming the
/// setting instead of failing at the first audited action. Production requires configured keys. Development without
/// keys generates one into <see cref="AuditKeyOptions.DevelopmentKeyFile"/> (outside the database; the CLI, run from the
/// web app's folder, finds the same file); other environments (tests) get a key that lives as long as the process.
/// </summary>
public static class AuditKeyRegistration
{
    public static WebApplicationBuilder AddMisuseLabAuditKeys(this WebApplicationBuilder builder)
    {
        var options = new AuditKeyOptions();
        builder.Configuration.GetSection(AuditKeyOptions.SectionName).Bind(options);
        var contentRoot = builder.Environment.ContentRootPath;
        var ring = AuditKeyRing.FromOptions(options, contentRoot);
        if (ring is null)
        {
            if (builder.Environment.IsProduction())
            {
                throw new AuditKeyException(
                    "No audit key is configured, and Production needs one: the audit chain is an HMAC under a key kept outside the database. " +
                    "Set MisuseLab__Audit__Keys__<id>=<base64 of 32+ random bytes> (e.g. `openssl rand -base64 32`) or MisuseLab__Audit__KeyFile " +
                    "to a file of 'id=base64' lines; see docs/deployment.md.");
            }
            ring = builder.Environment.IsDevelopment()
                ? AuditKeyRing.LoadOrCreateFile(Path.GetFullPath(AuditKeyOptions.DevelopmentKeyFile, contentRoot))
                : AuditKeyRing.Generate();
        }
        builder.Services.AddSingleton(ring);
        return builder;
    }
}
