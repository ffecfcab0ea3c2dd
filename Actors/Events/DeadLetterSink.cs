using Microsoft.Extensions.Logging;
using Sluice.Actors.Logging;

namespace Sluice.Actors.Events;

/// <summary>
/// Publishes dead letters on the event stream and logs them, at most <c>dead-letters-log-max</c> per
/// <c>dead-letters-log-interval</c>; the rest of a burst is only counted and reported once the window ends.
/// </summary>
internal sealed class DeadLetterSink(EventStream stream, ILogger log, TimeProvider time, int maxPerInterval, TimeSpan interval)
{
    private readonly object _gate = new();
    private long _windowStart = long.MinValue;
    private int _loggedInWindow;
    private int _suppressedInWindow;

    public long Count => Interlocked.Read(ref _count);

    private long _count;

    public void Publish(DeadLetter letter)
    {
        Interlocked.Increment(ref _count);
        stream.Publish(letter);
        if (maxPerInterval <= 0) return;
        int suppressed = 0;
        bool log;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_windowStart == long.MinValue || time.GetElapsedTime(_windowStart, now) >= interval)
            {
                suppressed = _suppressedInWindow;
                _windowStart = now;
                _loggedInWindow = 0;
                _suppressedInWindow = 0;
            }
            log = _loggedInWindow < maxPerInterval;
            if (log) _loggedInWindow++;
            else _suppressedInWindow++;
        }
        if (suppressed > 0)
            LogSuppressed(suppressed);
        if (log)
            LogDeadLetter(letter);
    }

    private void LogSuppressed(int suppressed) => log.DeadLettersSuppressed(suppressed);

    private void LogDeadLetter(DeadLetter letter)
    {
        if (!log.IsEnabled(LogLevel.Information)) return;
        log.DeadLetter(letter.Message.GetType().Name, letter.Sender?.Path.ToString() ?? "nobody", letter.Recipient.Path,
            letter.Reason is null ? "" : $" ({letter.Reason})", Count);
    }
}
