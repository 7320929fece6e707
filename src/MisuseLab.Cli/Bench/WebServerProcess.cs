using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MisuseLab.Platform;
using MisuseLab.Storage.Audit;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Bench;

/// <summary>The bench server's database (SQLite) and the audit key file it signs with.</summary>
internal sealed record ServerDatabase(string ConnectionString, string AuditKeyFile);

/// <summary>
/// The web app as its own process, started from its build output (<c>dotnet MisuseLab.Web.dll</c>) exactly as an
/// operator runs it: Production settings, Kestrel on 127.0.0.1 at a free port, a temporary SQLite database, and only
/// the studies named in <c>MisuseLab:DemoStudies</c> launched at start-up. The CLI never links the web app: the bots
/// and the server compete for the same two cores as they would on a lab machine, but not for one process's thread
/// pool and garbage collector.
/// </summary>
internal sealed class WebServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringWriterQueue _output = new();

    private WebServerProcess(Process process, DirectoryInfo folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's last lines of output (its logged errors), for a failure message.</summary>
    public string RecentOutput => _output.ToString();

    /// <summary>CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get { _process.Refresh(); return _process.TotalProcessorTime; }
    }

    /// <summary>Starts the server and returns once <paramref name="studySlug"/> accepts participants.</summary>
    /// <param name="prepare">
    /// Runs before the server starts, given the server's database (an SQLite connection string) and its audit key file:
    /// e.g. launching a study into it, which the server then finds launched and serves.
    /// </param>
    public static async Task<WebServerProcess> StartAsync(string dataDirectory, string studySlug, TimeSpan readyWithin, CancellationToken cancellationToken,
        Func<ServerDatabase, Task>? prepare = null)
    {
        var (dll, webProject) = LocateWebApp();
        var folder = Directory.CreateTempSubdirectory("misuselab-bench-");
        var database = new ServerDatabase($"Data Source={Path.Combine(folder.FullName, "bench.db")}", Path.Combine(folder.FullName, "audit.keys"));
        // Production refuses to start without an audit key; the bench's throw-away database gets its own.
        AuditKeyRing.LoadOrCreateFile(database.AuditKeyFile);
        if (prepare is not null)
        {
            try { await prepare(database); }
            catch { folder.Delete(recursive: true); throw; }
        }
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet")
        {
            // Content root = the web project: wwwroot and studies/ are found as in `dotnet run`.
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        // On the command line: it outranks appsettings.json's "Urls", which ASPNETCORE_URLS does not.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MisuseLab__Demo"] = "true",
            ["MisuseLab__DemoStudies__0"] = studySlug,
            ["MisuseLab__DataDir"] = dataDirectory,
            ["MisuseLab__Database__Provider"] = "sqlite",
            ["MisuseLab__Database__ConnectionString"] = database.ConnectionString,
            ["MisuseLab__Audit__KeyFile"] = database.AuditKeyFile,
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        // Every bot comes from 127.0.0.1, one client address: the per-client limits, meant for one person, would
        // throttle a lab's worth of participants arriving together, which is what the bench measures.
        foreach (var (key, value) in RequestLimitKeys.Lifted()) environment[RequestLimitKeys.EnvironmentName(key)] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new IOException($"Could not start 'dotnet {dll}'.");
        var server = new WebServerProcess(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server._output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilOpenAsync(studySlug, readyWithin, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    // An anonymous visitor of an open study is sent to register, or, with link sign-in, shown the consent form; while
    // the study is built, /join answers with a "being prepared" page instead. Polling that answer is waiting for the event itself.
    private async Task WaitUntilOpenAsync(string slug, TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process.HasExited)
                throw new IOException($"The web app exited with code {_process.ExitCode} before {slug} opened. Its last output:{Environment.NewLine}{_output}");
            try
            {
                using var response = await http.GetAsync($"join/{slug}", cancellationToken);
                if (response.StatusCode == HttpStatusCode.Redirect) return;
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("name=\"decision\"", StringComparison.Ordinal)) return;
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.NotFound && deadline.Elapsed > TimeSpan.FromMinutes(1))
                    throw new IOException($"/join/{slug} answers {(int)response.StatusCode}; the study did not open. Server output:{Environment.NewLine}{_output}");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"/join/{slug} did not open within {within.TotalMinutes:F0} min. Server output:{Environment.NewLine}{_output}");
    }

    /// <summary>The web app's build output of this CLI's configuration and the web project folder (its content root).</summary>
    private static (string Dll, string WebProject) LocateWebApp()
    {
        var root = AdultDataLocator.FindRepositoryRoot()
            ?? throw new FileNotFoundException("bench runs the web app from this repository's build output, but no repository root (a folder with src/MisuseLab.Web) was found above the current directory or the CLI.");
        var webProject = Path.Combine(root, "src", "MisuseLab.Web");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release"; // bin/<configuration>/net10.0/
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "MisuseLab.Web.dll");
        return File.Exists(dll)
            ? (dll, webProject)
            : throw new FileNotFoundException($"The web app is not built: {dll} is missing. Run `dotnet build src/MisuseLab.Web -c {configuration}` (or build the solution) first.", dll);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try { _folder.Delete(recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    /// <summary>The last lines the server printed, for error messages (its demo passwords never leave this object).</summary>
    private sealed class StringWriterQueue
    {
        private const int Keep = 40;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null) return;
            lock (_lines)
            {
                _lines.Enqueue(line.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(a line with a password, not shown)" : line);
                while (_lines.Count > Keep) _lines.Dequeue();
            }
        }

        public override string ToString()
        {
            lock (_lines) return string.Join(Environment.NewLine, _lines);
        }
    }
}
