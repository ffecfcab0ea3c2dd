using Sluice.Actors.Configuration;
using Sluice.Host.Jobs;
using Sluice.Host.Web;

namespace Sluice.Host.Hosting;

/// <summary>The host's settings, read once from <c>sluice.host</c>, <c>sluice.ui</c> and <c>sluice.jobs</c>.</summary>
/// <param name="DataDirectory">Where checkpoints and state go.</param>
/// <param name="Ui">Where the web UI listens (port 0: no UI).</param>
/// <param name="Jobs">The job entries: each has a <c>name</c> and a <c>type</c>, plus the job's own settings and where its checkpoint is.</param>
internal sealed record HostSettings(string DataDirectory, WebUiOptions Ui, IReadOnlyList<(string Name, string Type, Config Settings, JobCheckpoint Checkpoint)> Jobs)
{
    public static HostSettings From(Config config)
    {
        var port = config.GetInt("sluice.ui.port");
        if (port is < 0 or > 65535)
        {
            throw new ConfigurationException(
                $"sluice.ui.port = {port} ({config.GetOrigin("sluice.ui.port")}) is not a port: use 1-65535, or 0 to disable the UI.");
        }

        var dataDirectory = config.GetString("sluice.host.data-directory");
        var jobs = new List<(string Name, string Type, Config Settings, JobCheckpoint Checkpoint)>();
        var entries = config.HasPath("sluice.jobs") ? config.GetConfigList("sluice.jobs") : [];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!entry.HasPath("type"))
            {
                throw new ConfigurationException(
                    $"sluice.jobs[{i}] ({config.GetOrigin("sluice.jobs")}) has no 'type': name the job class's type, e.g. type = word-count.");
            }

            var type = entry.GetString("type");
            var name = entry.HasPath("name") ? entry.GetString("name") : type;
            jobs.Add((name, type, entry, JobCheckpoint.From(config, $"sluice.jobs[{i}]", name, entry, dataDirectory)));
        }

        var duplicate = jobs.GroupBy(j => j.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ConfigurationException(
                $"Two entries of sluice.jobs are named '{duplicate.Key}': names are checkpoint locations and must differ. Set name = ... on one of them.");
        }

        JobCheckpoint.CheckDistinct([.. jobs.Select(j => j.Checkpoint)]);
        return new HostSettings(
            dataDirectory,
            new WebUiOptions(config.GetString("sluice.ui.host"), port),
            jobs);
    }

    /// <summary>
    /// The checkpoint of job <paramref name="name"/>, resolved as <c>sluice run</c> resolves it (<see cref="From"/>: the
    /// data directory, the host-wide defaults of <c>sluice.host.checkpoint</c>, the schema prefix).
    /// </summary>
    /// <exception cref="ConfigurationException">There is no such job; the message lists the jobs there are.</exception>
    public JobCheckpoint Checkpoint(string name)
    {
        foreach (var job in Jobs)
        {
            if (string.Equals(job.Name, name, StringComparison.Ordinal))
            {
                return job.Checkpoint;
            }
        }

        throw new ConfigurationException(
            $"There is no job '{name}' in sluice.jobs: " +
            (Jobs.Count == 0 ? "the configuration has no jobs." : $"the jobs are {string.Join(", ", Jobs.Select(j => $"'{j.Name}'"))}."));
    }

    /// <summary>The command that creates the tables of job <paramref name="name"/>'s checkpoint schema, for messages.</summary>
    public static string InitCommand(Config config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        var file = config.GetOrigin("sluice.jobs")?.Description;
        return $"sluice checkpoint init --config {(file is not null && File.Exists(file) ? file : "<your .conf>")} --job {name}";
    }
}
