using System.Runtime.CompilerServices;

namespace Sluice.Graphs.Tests;

/// <summary>Base of stream tests: a materializer per test (shut down afterwards) and a virtual clock.</summary>
public abstract class StreamTest : IDisposable
{
    protected StreamTest()
    {
        Clock = new ManualTimeProvider();
        Mat = Materializer.Create(new MaterializerSettings { TimeProvider = Clock });
    }

    protected ManualTimeProvider Clock { get; }

    protected Materializer Mat { get; }

    public void Dispose()
    {
        Mat.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>Waits for a condition that another thread makes true (last resort; prefer probes).</summary>
    protected static void AwaitCondition(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? what = null)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {Wait}: {what}");
            }

            Thread.Sleep(1);
        }
    }
}

internal static class ModuleInit
{
    [ModuleInitializer]
    internal static void RaiseMinThreads() => ThreadPool.SetMinThreads(Math.Max(8, Environment.ProcessorCount * 4), 8);
}
