using System.Globalization;
using Sluice.Actors.Dispatch;

namespace Sluice.Actors.Runtime;

/// <summary>Ask: a one-shot reference whose first message completes a task.</summary>
internal static class AskSupport
{
    private static long s_counter;

    public static Task<T> Ask<T>(IActorRef receiver, object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var system = (receiver as LocalActorRef)?.Cell.System;
        var effective = timeout ?? system?.Settings.AskTimeout ?? Timeout.InfiniteTimeSpan;
        var time = system?.TimeProvider ?? TimeProvider.System;
        var path = ActorPath.Root(receiver.Path.System).Child("temp").Child("$" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture));
        var promise = new PromiseActorRef<T>(path, receiver, effective, time, cancellationToken);
        receiver.Tell(message, promise);
        return promise.Task;
    }

    private sealed class PromiseActorRef<T> : InternalActorRef
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _registration;

        public PromiseActorRef(ActorPath path, IActorRef target, TimeSpan timeout, TimeProvider time, CancellationToken ct)
        {
            Path = path;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                _timer = time.CreateTimer(static s =>
                {
                    var (self, target, timeout) = ((PromiseActorRef<T>, IActorRef, TimeSpan))s!;
                    self.Fail(new AskTimeoutException(
                        $"Ask to {target.Path} timed out after {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: no reply arrived. Check that the actor is alive and replies to Sender, or pass a longer timeout."));
                }, (this, target, timeout), timeout, Timeout.InfiniteTimeSpan);
            }
            if (ct.CanBeCanceled)
                _registration = ct.Register(static s => ((PromiseActorRef<T>)s!).Cancel(), this);
        }

        public Task<T> Task => _tcs.Task;

        public override ActorPath Path { get; }

        public override bool IsTerminated => _tcs.Task.IsCompleted;

        public override void Tell(object message, IActorRef? sender)
        {
            switch (message)
            {
                case Status.Failure f:
                    Fail(f.Cause);
                    break;
                case T value:
                    if (_tcs.TrySetResult(value)) Cleanup();
                    break;
                default:
                    Fail(new InvalidCastException($"Ask expected a reply of type {typeof(T).Name} but {sender?.Path.ToString() ?? "the target"} replied with {message.GetType().Name}: {message}"));
                    break;
            }
        }

        private void Fail(Exception e)
        {
            if (_tcs.TrySetException(e)) Cleanup();
        }

        private void Cancel()
        {
            if (_tcs.TrySetCanceled()) Cleanup();
        }

        private void Cleanup()
        {
            _timer?.Dispose();
            _registration.Dispose();
        }

        public override void SendSystemMessage(SystemMessage message) { }
    }
}
