namespace Sluice.Graphs.StatefulFunctions;

/// <summary>
/// The state of one group (key) handed to the function of <c>MapWithState</c>/<c>FlatMapWithState</c> (Spark's
/// <c>GroupState</c>), and of the DStreams-style <c>MapWithState(key, StateSpec)</c> (Spark's <c>State</c>). Valid only
/// during the call it is passed to: the operator reuses one instance for every call.
/// </summary>
/// <typeparam name="TState">The user's state: plain data that serializes to JSON (a record, a tuple, a number...).</typeparam>
/// <remarks>
/// Every call starts without a timeout: a timeout set in an earlier call is cleared by the next call for the key, so a
/// function that wants to keep timing out sets it again each time (Spark's rule).
/// </remarks>
public sealed class GroupState<TState>
{
    private TState _value = default!;
    private GroupStateTimeout _timeoutKind;
    private bool _watermarkPresent;
    private bool _timingOutIsFinal;

    internal GroupState()
    {
    }

    /// <summary>True when the group has state.</summary>
    public bool Exists { get; private set; }

    /// <summary>True when this call happens because the group timed out (it then has no new values).</summary>
    public bool HasTimedOut { get; private set; }

    internal bool IsUpdated { get; private set; }

    /// <summary>The state as the function left it (default when it does not exist).</summary>
    internal TState Value => _value;

    internal bool IsRemoved { get; private set; }

    /// <summary>The timeout set during this call, in ms since the Unix epoch, or <see cref="NoTimestamp"/>.</summary>
    internal long TimeoutTimestampMs { get; private set; }

    internal long BatchTimestampMs { get; private set; }

    internal long WatermarkMs { get; private set; }

    internal const long NoTimestamp = -1;

    /// <summary>The state; throws when the group has none (<see cref="Exists"/> is false).</summary>
    /// <exception cref="InvalidOperationException">The group has no state, or it was removed in this call.</exception>
    public TState Get() => Exists
        ? _value
        : throw new InvalidOperationException("The group has no state (it was never set or was removed): check Exists before Get, or use GetOrDefault.");

    /// <summary>The state, or <paramref name="fallback"/> when the group has none.</summary>
    public TState GetOrDefault(TState fallback) => Exists ? _value : fallback;

    /// <summary>Sets the state.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A DStreams-style state that is timing out cannot be updated.</exception>
    public void Update(TState state)
    {
        if (state is null)
        {
            throw new ArgumentNullException(nameof(state), "null is not a valid state: call Remove to drop the group's state.");
        }

        if (_timingOutIsFinal && HasTimedOut)
        {
            throw new InvalidOperationException("The state of a key that is timing out cannot be updated: MapWithState with a StateSpec timeout removes it after this call.");
        }

        _value = state;
        Exists = true;
        IsUpdated = true;
        IsRemoved = false;
    }

    /// <summary>Removes the state. A timeout set in the same call still fires later (then without state).</summary>
    /// <exception cref="InvalidOperationException">A DStreams-style state that is timing out is removed anyway after the call.</exception>
    public void Remove()
    {
        if (_timingOutIsFinal && HasTimedOut)
        {
            throw new InvalidOperationException("The state of a key that is timing out cannot be removed: MapWithState with a StateSpec timeout removes it after this call.");
        }

        _value = default!;
        Exists = false;
        IsUpdated = false;
        IsRemoved = true;
    }

    /// <summary>
    /// Times the group out when the batch timestamp passes now + <paramref name="duration"/> (processing time) and no
    /// call for the key happened in between. Needs <see cref="GroupStateTimeout.ProcessingTimeTimeout"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operator was not configured with processing-time timeouts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public void SetTimeoutDuration(TimeSpan duration)
    {
        if (_timeoutKind != GroupStateTimeout.ProcessingTimeTimeout)
        {
            throw new InvalidOperationException(
                "SetTimeoutDuration needs GroupStateTimeout.ProcessingTimeTimeout: pass it to MapWithState/FlatMapWithState.");
        }

        var ms = (long)duration.TotalMilliseconds;
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The timeout duration must be positive.");
        }

        TimeoutTimestampMs = BatchTimestampMs + ms;
    }

    /// <summary>
    /// Times the group out when the watermark passes <paramref name="timestamp"/> (event time) and no call for the key
    /// happened in between. Needs <see cref="GroupStateTimeout.EventTimeTimeout"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operator was not configured with event-time timeouts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is not after the Unix epoch or is before the current watermark.</exception>
    public void SetTimeoutTimestamp(DateTimeOffset timestamp)
    {
        if (_timeoutKind != GroupStateTimeout.EventTimeTimeout)
        {
            throw new InvalidOperationException(
                "SetTimeoutTimestamp needs GroupStateTimeout.EventTimeTimeout: pass it to MapWithState/FlatMapWithState.");
        }

        var ms = timestamp.ToUnixTimeMilliseconds();
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "The timeout timestamp must be after the Unix epoch.");
        }

        if (_watermarkPresent && ms < WatermarkMs)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timestamp), timestamp, $"The timeout timestamp ({ms} ms) cannot be earlier than the current watermark ({WatermarkMs} ms).");
        }

        TimeoutTimestampMs = ms;
    }

    /// <summary>The batch timestamp (the trigger clock at the start of the batch), in ms since the Unix epoch.</summary>
    public long GetCurrentProcessingTimeMs() => BatchTimestampMs;

    /// <summary>The watermark the batch evicts by, in ms since the Unix epoch.</summary>
    /// <exception cref="InvalidOperationException">The query has no watermark.</exception>
    public long GetCurrentWatermarkMs() => _watermarkPresent
        ? WatermarkMs
        : throw new InvalidOperationException("There is no watermark: call WithWatermark before MapWithState/FlatMapWithState to read it.");

    /// <summary>Prepares the instance for one call.</summary>
    internal void Reset(
        bool exists,
        TState value,
        bool hasTimedOut,
        GroupStateTimeout timeoutKind,
        long batchTimestampMs,
        long watermarkMs,
        bool watermarkPresent,
        bool timingOutIsFinal)
    {
        Exists = exists;
        _value = exists ? value : default!;
        HasTimedOut = hasTimedOut;
        IsUpdated = false;
        IsRemoved = false;
        TimeoutTimestampMs = NoTimestamp;
        _timeoutKind = timeoutKind;
        BatchTimestampMs = batchTimestampMs;
        WatermarkMs = watermarkMs;
        _watermarkPresent = watermarkPresent;
        _timingOutIsFinal = timingOutIsFinal;
    }
}
