using Sluice.Actors.Sharding;
using Xunit;

namespace Sluice.Actors.Tests.Sharding;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("hello", 0x248bfa47u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x2e4ff723u)]
    public void Strings_hash_to_the_published_murmur3_values(string text, uint expected) =>
        Assert.Equal(expected, StableHash.Compute(text));

    [Fact]
    public void Long_strings_hash_the_same_as_their_utf8_bytes()
    {
        var text = new string('é', 1000);
        Assert.Equal(StableHash.Compute(System.Text.Encoding.UTF8.GetBytes(text)), StableHash.Compute(text));
    }

    [Fact]
    public void Ascii_and_non_ascii_strings_of_every_tail_length_hash_as_their_utf8_bytes()
    {
        var random = new Random(20261121);
        for (var length = 0; length < 40; length++)
        {
            foreach (var alphabet in new[] { "abcxyz09 -_~\u007f\u0001", "aé€😀z" })
            {
                var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                Assert.Equal(StableHash.Compute(System.Text.Encoding.UTF8.GetBytes(text)), StableHash.Compute(text));
            }
        }
    }

    [Fact]
    public void Shard_of_a_hash_is_its_remainder() => Assert.Equal(7, StableHash.ShardOf(0x248bfa47u, 64));
}
