using System.Collections;
using Microsoft.Extensions.Logging;

namespace Sluice.Actors.Logging;

/// <summary>
/// Wraps a logger so that every entry carries the actor's path: as an <c>ActorPath</c> field for structured
/// sinks, and as a <c>[path]</c> prefix of the rendered message. Entries below the system's
/// <c>sluice.loglevel</c> are dropped before any formatting.
/// </summary>
internal sealed class ActorLogger(ILogger inner, string actorPath, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        inner.Log(logLevel, eventId, new WithPath<TState>(state, actorPath, formatter), exception, static (s, e) => s.Render(e));
    }

    private readonly struct WithPath<TState>(TState state, string path, Func<TState, Exception?, string> formatter) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Render(Exception? e) => "[" + path + "] " + formatter(state, e);

        private IReadOnlyList<KeyValuePair<string, object?>> Fields =>
            state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];

        public int Count => Fields.Count + 1;

        public KeyValuePair<string, object?> this[int index]
        {
            get
            {
                var fields = Fields;
                if (index < fields.Count)
                {
                    // Keep "{OriginalFormat}" last, as Microsoft.Extensions.Logging expects.
                    return fields[index];
                }
                return new KeyValuePair<string, object?>("ActorPath", path);
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Render(null);
    }
}
