using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Sluice.TestKit;

/// <summary>One log entry written during a test.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger category.</param>
/// <param name="Message">The rendered message (with the actor path prefix for actor logs).</param>
/// <param name="Exception">The exception logged with it.</param>
/// <param name="ActorPath">The actor path field, when the entry came from an actor.</param>
public sealed record CapturedLogEntry(LogLevel Level, string Category, string Message, Exception? Exception, string? ActorPath);

/// <summary>A logger provider that records every entry (and echoes it to the xunit output, when given) for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<CapturedLogEntry> _entries = [];
    private readonly ITestOutputHelper? _output;

    /// <summary>Creates the capture.</summary>
    public LogCapture(ITestOutputHelper? output = null) => _output = output;

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (_entries) return _entries.ToArray();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the entries, or the timeout passes.</summary>
    public bool WaitFor(Func<IReadOnlyList<CapturedLogEntry>, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        lock (_entries)
        {
            while (!condition(_entries))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_entries, left);
            }
            return true;
        }
    }

    /// <summary>Forgets the entries so far.</summary>
    public void Clear()
    {
        lock (_entries) _entries.Clear();
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose() { }

    private void Add(CapturedLogEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
            Monitor.PulseAll(_entries);
        }
        try
        {
            _output?.WriteLine($"{entry.Level}: {entry.Message}{(entry.Exception is null ? "" : " -- " + entry.Exception.GetType().Name + ": " + entry.Exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; xunit no longer accepts output.
        }
    }

    private sealed class CapturingLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? path = null;
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var kv in fields)
                    if (kv.Key == "ActorPath") path = kv.Value?.ToString();
            }
            owner.Add(new CapturedLogEntry(logLevel, category, formatter(state, exception), exception, path));
        }
    }
}
