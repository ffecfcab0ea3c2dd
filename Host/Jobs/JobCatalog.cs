using System.Reflection;
using Sluice.Actors.Configuration;

namespace Sluice.Host.Jobs;

/// <summary>Finds the <see cref="IStreamJob"/> classes of the host's assembly and of the assemblies named in configuration.</summary>
public sealed class JobCatalog
{
    private readonly Dictionary<string, Type> _jobs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Scans <paramref name="assemblies"/> for public, non-abstract job classes with a parameterless constructor.</summary>
    /// <exception cref="ConfigurationException">Two jobs claim the same type name.</exception>
    public JobCatalog(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetExportedTypes()))
        {
            if (type.IsAbstract || !typeof(IStreamJob).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            var job = (IStreamJob)Activator.CreateInstance(type)!;
            if (_jobs.TryGetValue(job.Type, out var other) && other != type)
            {
                throw new ConfigurationException(
                    $"Two job classes claim the type '{job.Type}': {other.FullName} and {type.FullName}. Give one of them another Type.");
            }

            _jobs[job.Type] = type;
        }
    }

    /// <summary>The job type names known, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _jobs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Loads the host's own assembly plus the assemblies in <c>sluice.host.job-assemblies</c> (file paths or names).</summary>
    /// <exception cref="ConfigurationException">An assembly cannot be loaded; the message names the setting.</exception>
    public static JobCatalog FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var assemblies = new List<Assembly> { typeof(JobCatalog).Assembly };
        foreach (var name in config.HasPath("sluice.host.job-assemblies") ? config.GetStringList("sluice.host.job-assemblies") : [])
        {
            try
            {
                assemblies.Add(File.Exists(name) ? Assembly.LoadFrom(Path.GetFullPath(name)) : Assembly.Load(name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new ConfigurationException(
                    $"sluice.host.job-assemblies: cannot load '{name}' ({config.GetOrigin("sluice.host.job-assemblies")}): {e.Message} " +
                    "Give the path of the job assembly's .dll or the name of an assembly the host can load.",
                    e);
            }
        }

        return new JobCatalog(assemblies);
    }

    /// <summary>A new instance of the job with <paramref name="type"/>.</summary>
    /// <exception cref="ConfigurationException">No job has that type; the message lists the known ones.</exception>
    public IStreamJob Create(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_jobs.TryGetValue(type, out var job))
        {
            throw new ConfigurationException(
                $"No job of type '{type}'. Known types: {string.Join(", ", Types)}. " +
                "A job class implements IStreamJob; add its assembly to sluice.host.job-assemblies.");
        }

        return (IStreamJob)Activator.CreateInstance(job)!;
    }
}
