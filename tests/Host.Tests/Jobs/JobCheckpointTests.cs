using System.Net;
using System.Net.Sockets;
using Sluice.Actors.Configuration;
using Sluice.Host.Cli;

namespace Sluice.Host.Tests.Jobs;

/// <summary>The checkpoint section of hosted jobs: where it points, and the errors of `sluice run` when it is wrong.</summary>
public sealed class JobCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-jobckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Conf => Path.Combine(_dir, "job.conf");

    [Fact]
    public void A_job_inherits_the_host_checkpoint_and_gets_a_schema_of_its_own()
    {
        var settings = Settings("""
            sluice.host.checkpoint { kind = postgres, connection = "Host=db;Database=sluice;Username=u;Password=secret" }
            sluice.jobs = [{ name = wc, type = t }, { name = fraud, type = t, checkpoint { schema = cards } }, { name = local, type = t, checkpoint.kind = sqlite }]
            """);

        Assert.Equal(["PostgreSQL db:5432/sluice, schema \"sluice_wc\"", "PostgreSQL db:5432/sluice, schema \"cards\"", Path.Combine(_dir, "data", "local")],
            settings.Jobs.Select(j => j.Checkpoint.Location.ToString()));
    }

    [Fact]
    public void Without_a_checkpoint_section_a_job_keeps_its_checkpoint_in_the_data_directory_as_before()
    {
        var job = Assert.Single(Settings("sluice.jobs = [{ name = wc, type = t }]").Jobs);
        Assert.False(job.Checkpoint.IsPostgres);
        Assert.Equal(Path.Combine(_dir, "data", "wc"), job.Checkpoint.Location.ToString());
    }

    [Fact]
    public void Create_schema_is_on_by_default_and_a_job_or_the_host_may_turn_it_off()
    {
        var settings = Settings("""
            sluice.host.checkpoint { kind = postgres, connection = "Host=db;Database=sluice;Username=u;Password=secret" }
            sluice.jobs = [{ name = wc, type = t }, { name = locked, type = t, checkpoint.create-schema = off }]
            """);
        Assert.Equal([true, false], settings.Jobs.Select(j => j.Checkpoint.CreateSchema));
        Assert.Equal("sluice.jobs[1].checkpoint.create-schema", settings.Jobs[1].Checkpoint.CreateSchemaPath);

        var hostWide = Settings("""
            sluice.host.checkpoint { kind = postgres, connection = "Host=db;Database=sluice;Username=u;Password=secret", create-schema = off }
            sluice.jobs = [{ name = wc, type = t }]
            """);
        Assert.False(Assert.Single(hostWide.Jobs).Checkpoint.CreateSchema);
    }

    [Fact]
    public async Task A_create_schema_that_is_not_on_or_off_is_refused_with_its_line()
    {
        var (code, _, error) = await RunAsync("""
            sluice.jobs = [{ name = wc, type = files-word-count, input = in,
              checkpoint { kind = postgres, connection = "Host=db;Database=sluice", create-schema = sometimes } }]
            """);

        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Equal(
            $"sluice: invalid configuration: Job 'wc': sluice.jobs[0].checkpoint.create-schema = \"sometimes\" ({Conf}:3) is not on or off: " +
            "use on (create the schema and tables when missing, the default) or off (they must exist: sluice checkpoint init creates them).",
            error.TrimEnd());
    }

    [Fact]
    public async Task A_wrong_kind_is_refused_with_the_setting_its_line_and_the_kinds()
    {
        var (code, output, error) = await RunAsync("sluice.jobs = [{ name = wc, type = files-word-count, input = in,\n  checkpoint { kind = mysql } }]");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal(
            $"sluice: invalid configuration: Job 'wc': sluice.jobs[0].checkpoint.kind = \"mysql\" ({Conf}:3) is not a checkpoint kind: " +
            "use sqlite (a folder of sluice.host.data-directory, the default) or postgres (a schema on a PostgreSQL server).",
            error.TrimEnd());
    }

    [Fact]
    public async Task A_postgres_checkpoint_without_a_connection_string_names_both_settings_that_can_give_it()
    {
        var (code, _, error) = await RunAsync("sluice.jobs = [{ name = wc, type = files-word-count, input = in, checkpoint.kind = postgres }]");

        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Equal(
            "sluice: invalid configuration: Job 'wc': sluice.jobs[0].checkpoint.kind = postgres needs a connection string, and sluice.jobs[0].checkpoint.connection and " +
            "sluice.host.checkpoint.connection are not set: set one of them to an Npgsql connection string such as \"Host=db;Database=sluice;Username=sluice;Password=...\".",
            error.TrimEnd());
    }

    [Fact]
    public async Task An_unknown_checkpoint_setting_is_refused()
    {
        var (code, _, error) = await RunAsync("sluice.jobs = [{ name = wc, type = files-word-count, input = in, checkpoint { kind = postgres, conection = x } }]");

        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Equal(
            $"sluice: invalid configuration: Job 'wc': sluice.jobs[0].checkpoint.conection ({Conf}:2) is not a checkpoint setting: use kind, connection, schema, schema-prefix, create-schema.",
            error.TrimEnd());
    }

    [Fact]
    public void A_host_wide_schema_is_refused_because_every_job_would_share_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => Settings(
            "sluice.host.checkpoint { kind = postgres, connection = \"Host=db\", schema = shared }\nsluice.jobs = [{ name = wc, type = t }]"));
        Assert.Equal(
            "sluice.host.checkpoint.schema (string:2) is not a checkpoint setting: schema belongs in each job's checkpoint section (two jobs never share a schema): set schema-prefix here.",
            error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ConfigurationException>(() => Settings("sluice.jobs = [{ name = wc, type = t, checkpoint { kind = postgres, connection = \"Hst=db\" } }]"));
        Assert.Equal(
            "Job 'wc': sluice.jobs[0].checkpoint.connection (string:2) is not an Npgsql connection string: Couldn't set hst (Parameter 'hst'). " +
            "Write it as \"Host=db;Port=5432;Database=sluice;Username=sluice;Password=...\".",
            error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_the_unavailable_code_naming_the_job_the_server_and_the_fix()
    {
        var port = ClosedPort();
        var (code, output, error) = await RunAsync(
            $"sluice.host.checkpoint {{ kind = postgres, connection = \"Host=127.0.0.1;Port={port};Database=sluice;Username=sluice;Password=secret\" }}\n" +
            "sluice.jobs = [{ name = wc, type = files-word-count, input = in }]");

        Assert.Equal((ExitCodes.Unavailable, string.Empty), (code, output));
        Assert.Equal(
            $"sluice: Job 'wc': cannot reach the PostgreSQL server 127.0.0.1:{port} (sluice.host.checkpoint.connection): Connection refused. " +
            "Start the server, or correct Host and Port in the connection string; check that no firewall blocks the port.",
            error.TrimEnd());
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    private HostSettingsAccess Settings(string text) =>
        new(Sluice.Host.Hosting.HostSettings.From(Config.Parse($"sluice.host.data-directory = \"{Path.Combine(_dir, "data")}\"\n{text}").WithFallback(Config.Reference).Resolve()));

    private async Task<(int Code, string Output, string Error)> RunAsync(string jobs)
    {
        await File.WriteAllTextAsync(Conf, $"sluice.host.data-directory = \"{Path.Combine(_dir, "data")}\"\n{jobs}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SluiceCommand.RunAsync(["run", Conf, "--ui-port", "0"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A loopback port nothing listens on (just released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record HostSettingsAccess(Sluice.Host.Hosting.HostSettings Settings)
    {
        public IReadOnlyList<(string Name, string Type, Actors.Configuration.Config Settings, Sluice.Host.Jobs.JobCheckpoint Checkpoint)> Jobs => Settings.Jobs;
    }
}
