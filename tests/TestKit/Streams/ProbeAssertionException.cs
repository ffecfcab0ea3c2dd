namespace Sluice.TestKit.Streams;

/// <summary>A stream probe did not see what the test expected; the message says what arrived instead.</summary>
public sealed class ProbeAssertionException : Xunit.Sdk.XunitException
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ProbeAssertionException(string message)
        : base(message)
    {
    }
}
