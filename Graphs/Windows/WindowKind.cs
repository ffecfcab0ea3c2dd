namespace Sluice.Graphs.Windows;

/// <summary>The kinds of event-time windows.</summary>
public enum WindowKind
{
    /// <summary>Fixed windows of one size that do not overlap (a sliding window whose slide is its size).</summary>
    Tumbling,

    /// <summary>Fixed windows of one size starting every slide: an event belongs to size / slide windows.</summary>
    Sliding,

    /// <summary>Windows per key that grow while events keep arriving within the gap of each other.</summary>
    Session,
}
