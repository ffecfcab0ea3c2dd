using Sluice.Actors.Logging;
using Sluice.Actors.Dispatch;
using Sluice.Actors.Supervision;

namespace Sluice.Actors.Runtime;

// Failure protocol (as in Akka): the failing actor suspends its own mailbox (the failing message is
// dropped, the rest stay queued) and sends Failed to its parent. The parent's strategy answers with
// Resume, Recreate (restart) or Terminate, or fails the parent itself (escalate). A restart runs
// PreRestart on the old instance, waits until the old children have stopped, creates a new instance
// from Props, runs PostRestart and resumes the same mailbox.
internal sealed partial class ActorCell
{
    private bool _failed;
    private bool _terminating;
    private bool _terminated;
    private Exception? _pendingRecreate;
    private object? _failedMessage;

    private void HandleInvokeFailure(Exception cause)
    {
        if (_terminating)
        {
            Log.FailedWhileStopping(cause, Self.Path, cause.Message);
            return;
        }
        if (!_failed)
        {
            _failed = true;
            Mailbox.Suspend();
        }
        _failedMessage = _current.Message;
        Parent.SendSystemMessage(new Failed(SelfRef, cause, SelfRef.Path.Uid));
    }

    private void HandleFailedChild(Failed failed)
    {
        var stats = StatsOf(failed.Child);
        if (stats is null) return;   // a child that has already gone
        var strategy = Props.SupervisorStrategy ?? _actor?.SupervisorStrategy ?? SupervisorStrategy.Default;
        strategy.HandleFailure(this, stats, failed.Cause);
    }

    internal static void ResumeChild(InternalActorRef child, Exception cause) => child.SendSystemMessage(new Resume(cause));

    internal static void RestartChild(InternalActorRef child, Exception cause) => child.SendSystemMessage(new Recreate(cause));

    internal static void StopChild(InternalActorRef child) => child.SendSystemMessage(Terminate.Instance);

    internal void Escalate(Exception cause) => HandleInvokeFailure(cause);

    private void FaultResume()
    {
        if (!_failed) return;
        _failed = false;
        Mailbox.Resume();
    }

    private void FaultRecreate(Exception cause)
    {
        if (_terminating) return;
        if (!_failed)
        {
            // An all-for-one sibling that did not fail itself: hold its messages during the restart too.
            _failed = true;
            Mailbox.Suspend();
        }
        if (_actor is not null)
        {
            _timers?.CancelAll();
            CancelReceiveTimeout();
            try
            {
                _actor.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception e)
            {
                Log.HookThrew(e, "PreRestart", Self.Path, e.Message);
            }
            _stash?.ReturnToMailbox();
            _actor = null;
        }
        if (HasChildren) _pendingRecreate = cause;
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _failedMessage = null;
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException($"{Self.Path} failed to restart: {e.Message}", e) { Actor = Self });
            return;
        }
        _failed = false;
        Mailbox.Resume();
    }

    private void BeginTerminate()
    {
        if (_terminating) return;
        _terminating = true;
        Mailbox.Suspend();
        _timers?.CancelAll();
        CancelReceiveTimeout();
        foreach (var child in ChildStats) child.Child.SendSystemMessage(Terminate.Instance);
        if (!HasChildren) FinishTerminate();
    }

    private void FinishTerminate()
    {
        if (_terminated) return;
        _terminated = true;
        try
        {
            _actor?.InvokePostStop();
        }
        catch (Exception e)
        {
            Log.HookThrew(e, "PostStop", Self.Path, e.Message);
        }
        _stash?.DropToDeadLetters();
        Mailbox.Close();
        TellWatchersWeDied();
        _actor = null;
        ResetBehavior(static _ => { });
    }
}
