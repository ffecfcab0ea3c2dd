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
}
