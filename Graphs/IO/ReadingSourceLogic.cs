// A source logic driven by an asynchronous reader: one read at a time, started only when downstream has pulled.
// A read that completes synchronously pushes at once; otherwise its continuation comes back on the stage's thread
// through an async callback. A read may answer "nothing yet, ask again later": the logic then waits on a timer of
// the materializer's clock (the file source polling its directory). Subclasses update their offset in
// OnReadCompleted, on the stage's thread, so CurrentOffset is always the position after the last element pushed.
// The reader is disposed once no read is in flight, so a read never races its own disposal.
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.IO;

/// <summary>What one read produced.</summary>
internal readonly struct Pulled<T>
{
    private Pulled(T element, bool hasElement, TimeSpan? retryAfter)
    {
        Element = element;
        HasElement = hasElement;
        RetryAfter = retryAfter;
    }

    public T Element { get; }

    public bool HasElement { get; }

    /// <summary>Without an element: read again after this delay; null means the input ended.</summary>
    public TimeSpan? RetryAfter { get; }

    public static Pulled<T> Of(T element) => new(element, true, null);

    public static Pulled<T> End => new(default!, false, null);

    public static Pulled<T> Later(TimeSpan delay) => new(default!, false, delay);
}

#pragma warning disable CA1001 // The token source is disposed in PostStop (or after the last read), however the stage ends.
internal abstract class ReadingSourceLogic<T> : TimerGraphStageLogic
{
    private static readonly object RetryTimer = new();
    private readonly Outlet<T> _out;
    private readonly CancellationTokenSource _stopping = new();
    private readonly AsyncCallback<Task<Pulled<T>>> _readDone;
    private Task? _inFlight;

    protected ReadingSourceLogic(SourceShape<T> shape)
        : base(shape)
    {
        _out = shape.Out;
        SetHandler(_out, onPull: StartRead);
        _readDone = GetAsyncCallback<Task<Pulled<T>>>(OnReadDone);
    }

    /// <summary>Reads the next element; runs off the stage's thread when it does not complete at once.</summary>
    protected abstract ValueTask<Pulled<T>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Called on the stage's thread after each successful read, before its element is pushed.</summary>
    protected abstract void OnReadCompleted();

    /// <summary>Releases the reader; called once, when no read is in flight.</summary>
    protected abstract ValueTask DisposeReaderAsync();

    protected override void OnTimer(object timerKey) => StartRead();

    private void StartRead()
    {
        if (_inFlight is not null || !IsAvailable(_out))
        {
            return;
        }

        ValueTask<Pulled<T>> read;
        try
        {
            read = ReadAsync(_stopping.Token);
        }
        catch (Exception e)
        {
            FailStage(StageFailure(e));
            return;
        }

        if (read.IsCompleted)
        {
            Pulled<T> pulled;
            try
            {
                pulled = read.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            Deliver(pulled);
            return;
        }

        var task = read.AsTask();
        _inFlight = task;
        task.ContinueWith(
            static (t, s) => ((AsyncCallback<Task<Pulled<T>>>)s!).Invoke(t),
            _readDone,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnReadDone(Task<Pulled<T>> task)
    {
        _inFlight = null;
        if (!task.IsCompletedSuccessfully)
        {
            FailStage(StageFailure(task.Exception?.InnerException ?? new TaskCanceledException(task)));
            return;
        }

        Deliver(task.Result);
    }

    private void Deliver(Pulled<T> pulled)
    {
        OnReadCompleted();
        if (pulled.HasElement)
        {
            Push(_out, pulled.Element);
        }
        else if (pulled.RetryAfter is { } delay)
        {
            ScheduleOnce(RetryTimer, delay);
        }
        else
        {
            CompleteStage();
        }
    }

    public override void PostStop()
    {
        base.PostStop();
        _stopping.Cancel();
        var inFlight = _inFlight ?? Task.CompletedTask;
        _ = inFlight.ContinueWith(
            static async (_, s) =>
            {
                var logic = (ReadingSourceLogic<T>)s!;
                try
                {
                    await logic.DisposeReaderAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The stream is over; a failing dispose has nobody left to tell.
                }
                finally
                {
                    logic._stopping.Dispose();
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }
}
#pragma warning restore CA1001
