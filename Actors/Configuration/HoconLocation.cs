namespace Sluice.Actors.Configuration;

/// <summary>
/// A path below an anchor. The anchor is null for the root of the configuration being resolved; otherwise it is an
/// object that has no path of its own (an object inside an array, or an object resolved on its own), so that an
/// include inside it can still refer to its own fields.
/// </summary>
internal readonly record struct HoconLocation(HoconValue? Anchor, string[] Path);
