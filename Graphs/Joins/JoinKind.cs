namespace Sluice.Graphs.Joins;

/// <summary>The kinds of stream–stream join.</summary>
internal enum JoinKind
{
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
}
