using System.Diagnostics;
using System.Net;
using System.Text;

namespace MisuseLab.Bots;

/// <summary>One response as the bot saw it; <see cref="Url"/> is the path (and query) that answered.</summary>
internal sealed record BotResponse(int Status, string Url, string? Location, string Body)
{
    public bool IsRedirect => Status is >= 300 and < 400 && Location is not null;
}

/// <summary>The server could not be reached or failed (5xx): a candidate for waiting out an outage.</summary>
internal sealed class ServerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Shared counters of a run (thread-safe).</summary>
internal sealed class RunMetrics
{
    private readonly Lock _gate = new();
    private readonly List<double> _latencies = [];
    private readonly List<double> _studyLatencies = [];
    private long _requests;
    private long _serverErrors;
    private long _connectionFailures;

    private readonly List<double> _joinLatencies = [];
    private readonly List<double> _pageLatencies = [];

    /// <summary>
    /// Files one answered request by its path: /account/ (registration, login, logout: password hashing sets their
    /// pace), /join/ and /resume/ (getting into the study: with /account/ these make up joining), /study/ and
    /// /api/study/ (the study's pages, their forms and autosaves).
    /// </summary>
    public void Record(double milliseconds, string path)
    {
        var account = path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase);
        var join = account || path.StartsWith("/join/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/resume/", StringComparison.OrdinalIgnoreCase);
        var page = path.StartsWith("/study/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/study/", StringComparison.OrdinalIgnoreCase);
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            _latencies.Add(milliseconds);
            if (!account) _studyLatencies.Add(milliseconds);
            if (join) _joinLatencies.Add(milliseconds);
            if (page) _pageLatencies.Add(milliseconds);
        }
    }

    public void Failed() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _connectionFailures); }
    public void ServerError() => Interlocked.Increment(ref _serverErrors);

    public long Requests => Interlocked.Read(ref _requests);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long ConnectionFailures => Interlocked.Read(ref _connectionFailures);

    public double[] SortedLatencies() => Sorted(_latencies);

    /// <summary>Requests outside /account/: joining, consent, study pages, autosaves, the debrief.</summary>
    public double[] SortedStudyLatencies() => Sorted(_studyLatencies);

    /// <summary>Requests that get a participant in: /join/, /resume/ and /account/.</summary>
    public double[] SortedJoinLatencies() => Sorted(_joinLatencies);

    /// <summary>Requests under /study/ and /api/study/: pages, their forms and autosaves.</summary>
    public double[] SortedPageLatencies() => Sorted(_pageLatencies);

    private double[] Sorted(List<double> latencies)
    {
        double[] copy;
        lock (_gate) copy = [.. latencies];
        Array.Sort(copy);
        return copy;
    }
}

/// <summary>
/// A browser's cookie jar and request loop for one bot: cookies kept per origin, redirects returned (the bot follows
/// them itself, only within the site), every request timed. <see cref="Reset"/> forgets the cookies and starts a new
/// client, as closing the browser would.
/// </summary>
internal sealed class BotHttp(HttpMessageHandler handler, Uri baseUrl, RunMetrics metrics, IReadOnlyDictionary<string, string>? headers = null)
{
    private CookieContainer _cookies = new();
    private HttpClient _client = NewClient(handler);

    private static HttpClient NewClient(HttpMessageHandler handler) =>
        new(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

    public void Reset()
    {
        _client.Dispose();
        _client = NewClient(handler);
        _cookies = new CookieContainer();
    }

    public Task<BotResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    public Task<BotResponse> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields), null, cancellationToken);

    public Task<BotResponse> PostJsonAsync(string path, string json, string token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), token, cancellationToken);

    /// <summary>GET <paramref name="path"/> and follow redirects (as GETs, within the site) to the page that answers.</summary>
    public async Task<BotResponse> NavigateAsync(string path, CancellationToken cancellationToken) =>
        await FollowAsync(await GetAsync(path, cancellationToken), cancellationToken);

    public async Task<BotResponse> FollowAsync(BotResponse response, CancellationToken cancellationToken)
    {
        for (var hops = 0; response.IsRedirect; hops++)
        {
            if (hops == 10) throw new BotException($"More than 10 redirects from {response.Url}; last to {response.Location}.");
            response = await GetAsync(response.Location!, cancellationToken);
        }
        return response;
    }

    private async Task<BotResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? csrfToken, CancellationToken cancellationToken)
    {
        var uri = Resolve(path);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        var cookieHeader = _cookies.GetCookieHeader(uri);
        if (cookieHeader.Length > 0) request.Headers.Add("Cookie", cookieHeader);
        if (csrfToken is not null) request.Headers.Add("X-CSRF-TOKEN", csrfToken);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            metrics.Failed();
            throw new ServerUnavailableException($"{method} {uri.PathAndQuery}: no response ({e.GetType().Name}: {e.Message}).", e);
        }
        using (response)
        {
            metrics.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, uri.AbsolutePath);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var header in setCookies) _cookies.SetCookies(uri, header);
            }
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                metrics.ServerError();
                throw new ServerUnavailableException($"{method} {uri.PathAndQuery}: {status} {Shorten(body)}");
            }
            return new BotResponse(status, uri.PathAndQuery, LocalLocation(response.Headers.Location, uri), body);
        }
    }

    private Uri Resolve(string path)
    {
        var uri = new Uri(baseUrl, path);
        if (uri.Scheme != baseUrl.Scheme || uri.Authority != baseUrl.Authority)
        {
            throw new BotException($"Refusing to leave {baseUrl.GetLeftPart(UriPartial.Authority)} for {uri}: bots only talk to the site they were given.");
        }
        return uri;
    }

    private string? LocalLocation(Uri? location, Uri requested)
    {
        if (location is null) return null;
        var absolute = location.IsAbsoluteUri ? location : new Uri(requested, location);
        return absolute.Authority == baseUrl.Authority ? absolute.PathAndQuery : absolute.ToString();
    }

    private static string Shorten(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }
}

/// <summary>The site did something a participant could not get past: the message says what page and what was wrong.</summary>
public sealed class BotException(string message) : Exception(message);
