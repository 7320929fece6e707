using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Analyst;
using MisuseLab.Web.Areas.Facilitator;
using MisuseLab.Web.Areas.Participant;
using MisuseLab.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddMisuseLabOptions();
builder.AddMisuseLabStorage();
builder.Services.AddMisuseLabWeb();
builder.Services.AddAccountArea(builder.Configuration);
builder.Services.AddFacilitatorArea();
builder.Services.AddParticipantArea();
builder.Services.AddAnalystArea();

var app = builder.Build();

app.UseMisuseLabPipeline();
app.MapMisuseLabEndpoints();

app.Run();

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
