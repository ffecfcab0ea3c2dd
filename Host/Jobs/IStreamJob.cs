using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs;

/// <summary>
/// A streaming job the host can run: it builds its query from its HOCON section and starts it. The host finds jobs
/// in its own assembly and in the assemblies named in <c>sluice.host.job-assemblies</c>; a job is selected by its
/// <see cref="Type"/> in a job entry (<c>sluice.jobs = [{ name = wc, type = word-count, ... }]</c>).
/// </summary>
/// <example>
/// <code>
/// public sealed class MyJob : IStreamJob
/// {
///     public string Type => "my-job";
///     public Task&lt;StreamingQuery&gt; StartAsync(StreamJobContext context, CancellationToken ct) =>
///         DataStream.Socket(context.Settings.GetString("host"), context.Settings.GetInt("port"))
///             .WriteStream(context).StartConsoleAsync(output: context.Output); // named, checkpointed, restartable
/// }
/// </code>
/// </example>
public interface IStreamJob
{
    /// <summary>The name a job entry's <c>type</c> refers to, e.g. <c>word-count</c>.</summary>
    string Type { get; }

    /// <summary>Builds the job's query from <see cref="StreamJobContext.Settings"/> and starts it.</summary>
    Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken);
}
