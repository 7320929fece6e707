using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MisuseLab.Platform;
using MisuseLab.Storage;

namespace MisuseLab.Proof.Tests.Support;

/// <summary>
/// The built MisuseLab.Web.dll as a child process on 127.0.0.1 — real Kestrel, its own memory, killable with SIGKILL —
/// pointed at a test database with demo seeding off. Output is kept for failure messages.
/// </summary>
public sealed class WebNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");
    public string Output { get { lock (_output) return _output.ToString(); } }

    private WebNode(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Starts a node and waits until /healthz answers 200 (migrations done).</summary>
    public static async Task<WebNode> StartAsync(DatabaseOptions database, int? port = null)
    {
        var node = Launch(database, port ?? FreePort());
        await node.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return node;
    }

    /// <summary>Starts a node without waiting (to race several nodes' start-ups); call <see cref="WaitHealthyAsync"/>.</summary>
    public static WebNode Launch(DatabaseOptions database, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WebProjectDirectory,
        };
        foreach (var argument in new[]
        {
            WebDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", WebProjectDirectory, "--environment", "Testing",
            "--MisuseLab:Demo=false",
            $"--MisuseLab:Database:Provider={database.Provider}",
            $"--MisuseLab:Database:ConnectionString={database.ConnectionString}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            // Every bot connects from 127.0.0.1: per-client limits meant for one person would refuse the crowd these
            // tests are about (RateLimitTests in Web.Tests checks the limits themselves).
        }.Concat(RequestLimitKeys.Lifted().Select(setting => $"--{setting.Key}={setting.Value}")))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet " + WebDll);
        var node = new WebNode(process, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Web node on port {Port} exited with code {_process.ExitCode} during start-up. Output:\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri(BaseUrl, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Web node on port {Port} did not answer /healthz with 200 within {limit}. Output:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, requests in flight cut off.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        if (!_process.WaitForExit(10_000))
            throw new TimeoutException($"Web node on port {Port} (pid {_process.Id}) was sent SIGKILL but had not exited 10 s later.");
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 200_000) _output.AppendLine(line);
        }
    }

    /// <summary>Whether a listener could bind 127.0.0.1:<paramref name="port"/> now (a killed node's socket is gone).</summary>
    public static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>src/MisuseLab.Web, found by walking up from the test binaries to MisuseLab.sln.</summary>
    public static string WebProjectDirectory { get; } = FindWebProject();

    /// <summary>MisuseLab.Web.dll built in the same configuration as these tests (the project reference builds it).</summary>
    public static string WebDll
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name; // net10.0
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // Debug/Release
            var dll = Path.Combine(WebProjectDirectory, "bin", configuration, tfm, "MisuseLab.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Expected the built web app at {dll}; build tests/MisuseLab.Proof.Tests (it references the web project).", dll);
        }
    }

    private static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MisuseLab.sln")))
                return Path.Combine(dir.FullName, "src", "MisuseLab.Web");
        }
        throw new InvalidOperationException("MisuseLab.sln not found above " + AppContext.BaseDirectory);
    }
}
