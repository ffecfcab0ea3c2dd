namespace Sluice.Graphs.Fusing;

/*
 * The port-state protocol of a connection (one edge outlet -> inlet inside one interpreter).
 *
 * A connection carries at most one event at a time, so the pending event is encoded in the state bits and the
 * event queue only holds connections. Bits:
 *
 *   InReady     the inlet side may pull (no pull or push outstanding)
 *   Pulling     a pull is on its way to the outlet side (queued or chased)
 *   OutReady    the outlet side holds demand: it may push one element
 *   Pushing     an element is on its way to the inlet side (it sits in the connection's typed Slot)
 *   Available   the element was delivered (OnPush ran) and not yet grabbed
 *   InClosed    the inlet side cancelled, or was told of completion/failure
 *   OutClosed   the outlet side completed or failed, or was told of cancellation
 *   InFailed    the outlet side's close was a failure (the exception is in Connection.Failure)
 *   ClosePending a close notification is queued and not yet delivered
 *
 * Life of one element:   InReady --Pull--> Pulling --deliver--> OutReady --Push--> Pushing --deliver--> InReady|Available
 * Pull and push flip two bits each (XOR), exactly as in Akka's GraphInterpreter.
 *
 * "A queued entry exists" is (Pulling | Pushing | ClosePending): a close never enqueues a second entry; the pending
 * entry is decoded when dequeued, so
 *   - Pushing with InClosed:  the element is dropped, then the cancellation is delivered to the outlet side;
 *   - Pushing with OutClosed: the element is delivered first, then the connection is queued again for the close;
 *   - Pulling with a close:   the pull is dropped and the close is delivered instead.
 * A close is delivered to the side that did not close: InClosed without OutClosed tells the outlet side
 * (OnDownstreamFinish) and sets OutClosed; OutClosed without InClosed tells the inlet side (OnUpstreamFinish or
 * OnUpstreamFailure) and sets InClosed. When both are closed nobody needs telling. Each side's port closes exactly
 * once, which is when its owner's open-port count drops; a stage stops (PostStop) when that count reaches zero.
 */

/// <summary>The bits of <see cref="Connection.State"/>; the protocol is described at the top of this file.</summary>
internal static class PortStates
{
    public const int InReady = 1;
    public const int Pulling = 2;
    public const int Pushing = 4;
    public const int OutReady = 8;
    public const int InClosed = 16;
    public const int OutClosed = 32;
    public const int InFailed = 64;
    public const int Available = 128;
    public const int ClosePending = 256;

    public const int PullStartFlip = InReady | Pulling;
    public const int PullEndFlip = Pulling | OutReady;
    public const int PushStartFlip = OutReady | Pushing;
    public const int Pending = Pulling | Pushing | ClosePending;
}
