namespace Sluice.Graphs.Dsl;

/// <summary>A partial function for <c>Collect</c>: returns true and sets <paramref name="result"/> for the elements it matches.</summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public delegate bool Collector<in TIn, TOut>(TIn element, out TOut result);
