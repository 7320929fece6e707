using System.Net;
using System.Text.RegularExpressions;

namespace MisuseLab.Web.Tests.Infrastructure;

/// <summary>One visitor: a cookie-keeping client plus form posting the way a browser does it.</summary>
public sealed partial class BrowserSession(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/>, takes its antiforgery token, posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string formPage, string action, IDictionary<string, string> fields)
    {
        var html = await GetPageAsync(formPage);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"{formPage} has no antiforgery token field");
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await Client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> RegisterAsync(string email, string password) =>
        SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["ConfirmPassword"] = password,
        });

    public Task<HttpResponseMessage> LoginAsync(string email, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Email"] = email, ["Password"] = password };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }
        return SubmitAsync("/account/login", "/account/login", fields);
    }

    public Task<HttpResponseMessage> LogoutAsync() => SubmitAsync("/", "/account/logout", new Dictionary<string, string>());

    public void Dispose() => Client.Dispose();
}
