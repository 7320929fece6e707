using MisuseLab.Platform;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Analyst;
using MisuseLab.Web.Areas.Facilitator;
using MisuseLab.Web.Areas.Participant;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// The whole app from a builder: every service, the middleware pipeline and the endpoints. Program.cs runs it, and the
/// CLI's page-latency bench hosts the very same app in its own process, so the two can never drift apart.
/// </summary>
public static class MisuseLabApp
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddMisuseLabOptions();
        builder.AddMisuseLabStorage();
        builder.AddMisuseLabAuditKeys();
        builder.AddMisuseLabProxy();
        builder.Services.AddMisuseLabWeb();
        builder.Services.AddMisuseLabRateLimits();
        builder.Services.AddAccountArea(builder.Configuration);
        builder.Services.AddFacilitatorArea();
        builder.Services.AddParticipantArea(builder.Configuration);
        builder.Services.AddAnalystArea();

        var app = builder.Build();
        app.UseMisuseLabProxy();
        app.UseMisuseLabPipeline();
        app.MapMisuseLabEndpoints();
        return app;
    }
}
