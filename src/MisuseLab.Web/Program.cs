using MisuseLab.Web.Infrastructure;

MisuseLabApp.Build(WebApplication.CreateBuilder(args)).Run();

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
