using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>Unknown-key warnings: the leaf, its origin, and the closest known key.</summary>
public sealed class ConfigValidationTests
{
    private static readonly Config Reference = Config.Parse(
        """
        sluice {
          actor {
            throughput = 30
            ask-timeout = infinite
            tags = {}
            dispatchers { default { type = thread-pool, throughput = 30 } }
          }
        }
        other.free = 1
        """,
        "reference.conf").Resolve();

    [Fact]
    public void Unknown_setting_names_its_origin_and_the_closest_known_key()
    {
        var user = Config.Parse("sluice {\n  actor {\n    ask-timeout = 5s\n    troughput = 10\n  }\n}", "application.conf");

        Assert.Equal(
            ["Unknown setting 'sluice.actor.troughput' (application.conf:4); did you mean 'sluice.actor.throughput'?"],
            ConfigValidation.UnknownKeys(user, Reference));
    }

    [Fact]
    public void Every_unknown_leaf_is_reported_in_order_including_lists_and_deeper_paths()
    {
        var user = Config.Parse("sluice.actr.ask-timeout = 1s\nsluice.actor.throughput.x = 1\nsluice.extra = [1, 2]", "app.conf");

        Assert.Equal(
            [
                "Unknown setting 'sluice.actr.ask-timeout' (app.conf:1); did you mean 'sluice.actor.ask-timeout'?",
                "Unknown setting 'sluice.actor.throughput.x' (app.conf:2); did you mean 'sluice.actor.throughput'?",
                "Unknown setting 'sluice.extra' (app.conf:3); did you mean 'sluice.actor.tags'?",
            ],
            ConfigValidation.UnknownKeys(user, Reference));
    }

    [Fact]
    public void Keys_under_an_empty_reference_object_are_free_form()
    {
        var user = Config.Parse("sluice.actor.tags { team = core, owner.name = x }");

        Assert.Empty(ConfigValidation.UnknownKeys(user, Reference));
    }

    [Fact]
    public void A_new_name_in_a_section_with_a_default_is_checked_against_the_default()
    {
        var user = Config.Parse("sluice.actor.dispatchers.blocking { type = pinned\n throughput = 1\n thruput = 2 }", "app.conf");

        Assert.Equal(
            ["Unknown setting 'sluice.actor.dispatchers.blocking.thruput' (app.conf:3); did you mean 'sluice.actor.dispatchers.default.throughput'?"],
            ConfigValidation.UnknownKeys(user, Reference));
    }

    [Fact]
    public void Only_paths_under_the_prefix_are_checked()
    {
        var user = Config.Parse("other.nope = 1\nsluice.actor.throughput = 2\nakka.x = 1");

        Assert.Empty(ConfigValidation.UnknownKeys(user, Reference));
        Assert.Equal(
            [
                "Unknown setting 'other.nope' (string:1); did you mean 'other.free'?",
                "Unknown setting 'akka.x' (string:3); did you mean 'other.free'?",
            ],
            ConfigValidation.UnknownKeys(user, Reference, prefix: ""));
    }

    [Fact]
    public void Check_valid_lists_type_problems_with_origins()
    {
        var user = Config.Parse("sluice.actor.throughput = [1]", "app.conf").WithFallback(Reference).Resolve();

        var error = Assert.Throws<ConfigurationException>(() => ConfigValidation.CheckValid(user, Reference));

        Assert.Equal(
            $"Configuration does not match the reference (1 problem):{System.Environment.NewLine}  sluice.actor.throughput: expected a number, found a list (app.conf:1)",
            error.Message);
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("throughput", "troughput", 1)]
    public void Edit_distance_is_levenshtein(string a, string b, int distance)
    {
        Assert.Equal(distance, ConfigValidation.EditDistance(a, b));
        Assert.Equal(distance, ConfigValidation.EditDistance(b, a));
    }
}
