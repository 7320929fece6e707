using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MisuseLab.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests, shared by every test in the process: <c>initdb</c> into a temp
/// folder, start on a free 127.0.0.1 port with its unix socket inside that folder, stop and delete when the
/// test process exits. Set <c>MISUSELAB_TEST_POSTGRES</c> to an admin connection string to use an existing
/// server instead (CI service container). When neither works, <see cref="Shared"/> throws with the reason:
/// PostgreSQL tests fail loudly, they are never skipped.
/// </summary>
/// <remarks>
/// Binaries: <c>MISUSELAB_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/&lt;ver&gt;/bin</c>, else PATH.
/// Install on Debian/Ubuntu with <c>apt-get install -y postgresql</c>. PostgreSQL refuses to run as root,
/// so as root the server runs as the <c>postgres</c> OS user through <c>runuser</c>.
/// </remarks>
public sealed class PostgresCluster : IDisposable
{
    public const string ExistingServerVariable = "MISUSELAB_TEST_POSTGRES";
    public const string BinDirectoryVariable = "MISUSELAB_PG_BIN";
    private const string TempPrefix = "misuselab-pg-";

    private static readonly Lazy<PostgresCluster> SharedCluster = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide server, started on first use.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    private readonly string? _root;
    private readonly string? _pgCtl;
    private readonly string? _runAs;
    private int _databaseCounter;

    /// <summary>Connection string of a superuser on the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString { get; }

    private PostgresCluster(string adminConnectionString, string? root, string? pgCtl, string? runAs)
    {
        AdminConnectionString = adminConnectionString;
        _root = root;
        _pgCtl = pgCtl;
        _runAs = runAs;
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string nameHint)
    {
        var name = DatabaseName(nameHint, Interlocked.Increment(ref _databaseCounter));
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its pooled connections first.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var owned = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(owned);
        }
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string DatabaseName(string hint, int counter)
    {
        var clean = new string(hint.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var suffix = string.Create(CultureInfo.InvariantCulture, $"_{Environment.ProcessId}_{counter}");
        var head = "t_" + clean;
        return head[..Math.Min(head.Length, 63 - suffix.Length)] + suffix;
    }

    private static PostgresCluster Start()
    {
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            var external = new PostgresCluster(existing, null, null, null);
            external.Ping($"{ExistingServerVariable} is set but the server does not answer");
            return external;
        }

        SweepAbandonedClusters();
        var bin = FindBinDirectory();
        var initdb = Path.Combine(bin, "initdb");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var runAs = Environment.UserName == "root" ? "postgres" : null;

        var root = Path.Combine(Path.GetTempPath(), TempPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (runAs is not null)
        {
            Run("chown", ["-R", runAs, root], null, "giving the temp folder to the postgres user (is the 'postgres' OS user present? apt-get install postgresql creates it)");
        }
        var data = Path.Combine(root, "data");
        var port = FreePort();
        Run(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], runAs, "initdb");

        var cluster = new PostgresCluster(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15",
            root, pgCtl, runAs);
        // Durability is irrelevant for a throwaway cluster; turning it off keeps the suite fast.
        var serverOptions = $"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        try
        {
            Run(pgCtl, ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"], runAs, "pg_ctl start");
            cluster.Ping("the test cluster started but does not accept connections");
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var tail = File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(20)) : "(no server.log)";
            cluster.Dispose();
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}Server log tail:{Environment.NewLine}{tail}", e);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        StartWatchdog(root, pgCtl, runAs);
        return cluster;
    }

    /// <summary>
    /// The test runner may end the test process before ProcessExit handlers finish, so a detached shell
    /// (setsid: outside the runner's process tree) waits for this process to end, then stops the server and
    /// deletes the folder.
    /// </summary>
    private static void StartWatchdog(string root, string pgCtl, string? runAs)
    {
        var stop = runAs is null ? $"'{pgCtl}'" : $"runuser -u {runAs} -- '{pgCtl}'";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"[ -f '{root}/data/postmaster.pid' ] && {stop} -D '{root}/data' -m immediate -w stop >/dev/null 2>&1; rm -rf '{root}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-f", "sh", "-c", script })
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            using var watchdog = Process.Start(start);
            watchdog?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No setsid: ProcessExit and the sweep at the next start still clean up.
        }
    }

    private void Ping(string problem)
    {
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"PostgreSQL tests cannot run: {problem} ({e.Message}).", e);
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"PostgreSQL tests cannot run: {BinDirectoryVariable}='{configured}' holds no initdb.");
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return newest.Dir;
            }
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException(
            "PostgreSQL tests cannot run: no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/<version>/bin or on PATH. " +
            $"Install them (Debian/Ubuntu: apt-get update && apt-get install -y postgresql), set {BinDirectoryVariable} to their folder, " +
            $"or set {ExistingServerVariable} to a superuser connection string of a running server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> arguments, string? runAs, string what)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"PostgreSQL tests cannot run: could not start {file} for {what}.");
        // Read both streams concurrently so neither pipe fills and blocks the child.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"PostgreSQL tests cannot run: {what} did not finish within 120 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests cannot run: {what} failed (exit {process.ExitCode}).{Environment.NewLine}{stdout.Result}{stderr.Result}");
        }
    }

    /// <summary>Stops clusters left by test processes that were killed before they could clean up.</summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), TempPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(dir, "owner.pid");
                if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
                {
                    continue;
                }
                StopAndDelete(dir, Path.Combine(FindBinDirectory(), "pg_ctl"), Environment.UserName == "root" ? "postgres" : null);
            }
            catch (Exception)
            {
                // Best effort: a leftover folder must not stop this run.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void StopAndDelete(string root, string pgCtl, string? runAs)
    {
        var data = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                Run(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], runAs, "pg_ctl stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped; deleting the folder below is what matters.
            }
        }
        Directory.Delete(root, recursive: true);
    }

    public void Dispose()
    {
        if (_root is null || !Directory.Exists(_root))
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        StopAndDelete(_root, _pgCtl!, _runAs);
    }
}
