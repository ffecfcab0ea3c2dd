using Sluice.Actors.Configuration;
using Xunit;
using static Sluice.Actors.Tests.Configuration.TestConfigs;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>HOCON.md "Substitutions" and "Self-Referential Substitutions", with the spec's own examples.</summary>
public sealed class SubstitutionTests
{
    [Fact]
    public void A_substitution_alone_keeps_the_type_of_its_target() =>
        AssertJson("""{ "a": { "x": [1] }, "b": { "x": [1] }, "c": 5, "d": 5, "e": null, "f": null }""",
            Resolve("a.x = [1]\nb = ${a}\nc = ${d}\nd = 5\ne = ${f}\nf = null"));

    [Fact]
    public void Substitutions_look_forward_to_the_final_value() =>
        AssertJson("""{ "a": 2, "b": 2 }""", Resolve("a = 1\nb = ${a}\na = 2"));

    [Fact]
    public void Substitutions_in_concatenations_become_text() =>
        AssertJson("""{ "animal": { "favorite": "cat" }, "key": "cat is my favorite animal", "q": "cat is 1 true" }""",
            Resolve("animal.favorite = cat\nkey = ${animal.favorite} is my favorite animal\nq = ${animal.favorite}\" is \"1 true"));

    [Fact]
    public void An_object_may_refer_to_its_own_fields() =>
        AssertJson("""{ "bar": { "foo": 43, "baz": 43 } }""", Resolve("bar : { foo : 42,\n baz : ${bar.foo} }\nbar : { foo : 43 }"));

    [Fact]
    public void Mutually_referring_objects_look_forward() =>
        AssertJson("""{ "bar": { "a": 4, "b": 3 }, "foo": { "c": 3, "d": 4 } }""",
            Resolve("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4"));

    [Fact]
    public void A_self_reference_sees_the_value_it_overrides() =>
        AssertJson("""{ "path": "a:b:c:d", "a": [1, 2, 3, 4], "s": "x", "n": "123" }""",
            Resolve("path : \"a:b:c\"\npath : ${path}\":d\"\na : [1, 2]\na : ${a} [3, 4]\ns = ${?s}x\nn = 1\nn = ${n}2\nn = ${n}3"));

    [Fact]
    public void A_self_reference_in_a_path_expression_looks_below_too() =>
        AssertJson("""{ "foo": { "a": 2, "c": 1 } }""", Resolve("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }"));

    [Fact]
    public void Object_concatenation_inherits_from_another_object() =>
        AssertJson(
            """{ "generic": { "size": 6 }, "east": { "size": 6, "name": "east" }, "west": { "size": 6, "name": "west", "copy": "west" } }""",
            Resolve("generic = { size = 6 }\neast = ${generic} { name = \"east\" }\nwest = ${generic} { name = west, copy = ${west.name} }"));

    [Fact]
    public void A_self_referential_object_extension_keeps_the_earlier_fields() =>
        AssertJson("""{ "a": { "x": 1, "y": 2 } }""", Resolve("a { x = 1 }\na = ${a} { y = 2 }"));

    [Fact]
    public void A_value_hidden_by_a_later_non_object_is_never_resolved() =>
        AssertJson("""{ "foo": 42, "bar": 1 }""", Resolve("foo : ${does-not-exist}\nfoo : 42\nbar : ${bar}\nbar : 1"));

    [Fact]
    public void An_undefined_optional_substitution_removes_the_field_or_element() =>
        AssertJson("""{ "a": 1, "list": [1, 3], "s": "xy" }""",
            Resolve("a = 1\na = ${?nope}\nb = ${?nope}\nc = ${?nope}${?other}\nlist = [1, ${?nope}, 3]\ns = x${?nope}y"));

    [Fact]
    public void Substitutions_fall_back_to_environment_variables() =>
        AssertJson("""{ "home": "/home/me", "path": "/bin:/extra", "quiet": null, "NO_ENV": null }""",
            Resolve("home = ${HOME}\npath = ${PATH}\":/extra\"\nHOME_NOT_USED = ${?NOT_SET}\nquiet = ${NO_ENV}\nNO_ENV = null",
                ("HOME", "/home/me"), ("PATH", "/bin"), ("NO_ENV", "from the environment")));

    [Fact]
    public void Settings_win_over_environment_variables_and_multi_element_paths_never_read_them() =>
        AssertJson("""{ "HOME": "/config", "h": "/config" }""",
            Resolve("HOME = /config\nh = ${HOME}\nx = ${?a.b}", ("HOME", "/env"), ("a.b", "no")));

    [Fact]
    public void Substitutions_resolve_across_fallbacks() =>
        AssertJson("""{ "a": "app-ref", "r": "ref" }""",
            Config.Parse("a = app-${r}").WithFallback(Config.Parse("r = ref\na = unused")).Resolve());

    [Fact]
    public void A_self_reference_reaches_into_the_fallback() =>
        AssertJson("""{ "path": ["/bin", "/usr/bin"] }""",
            Config.Parse("path = ${path} [/usr/bin]").WithFallback(Config.Parse("path = [/bin]")).Resolve());

    [Fact]
    public void Getters_resolve_an_unresolved_config_on_first_use()
    {
        var config = Config.Parse("a = 1\nb = ${a}");
        Assert.Equal(1, config.GetInt("b"));
        Assert.Same(config.Resolve().ResolvedRoot, config.ResolvedRoot);
    }

    [Fact]
    public void A_missing_substitution_is_an_error_naming_it_and_the_fix() =>
        Assert.Equal(
            "string:2:5: could not resolve substitution ${a.b}: no setting at 'a.b' (write ${?a.b} if it may be missing)",
            Fails("x = 1\ny = ${a.b}").Message);

    [Fact]
    public void A_missing_one_element_substitution_mentions_the_environment() =>
        Assert.Equal(
            "string:1:5: could not resolve substitution ${NOT_SET}: no setting at 'NOT_SET' and no environment variable 'NOT_SET' (write ${?NOT_SET} if it may be missing)",
            Fails("x = ${NOT_SET}").Message);

    [Fact]
    public void A_self_reference_without_an_earlier_value_is_an_error() =>
        Assert.Equal(
            "string:1:7: ${foo} refers to 'foo' itself, which has no earlier value to build on (write ${?foo} to allow that)",
            Fails("foo : ${foo}").Message);

    [Fact]
    public void A_loop_of_substitutions_is_reported_as_a_cycle()
    {
        var error = Fails("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Equal("string:3:5: substitution cycle: a -> b -> c -> a", error.Message);
        Assert.Equal(("string", 3, 5), (error.Origin, error.Line, error.Column));
        Assert.Equal("string:2:7: substitution cycle: bar -> foo -> bar", Fails("bar : ${foo}\nfoo : ${bar}").Message);
    }

    [Fact]
    public void A_value_inside_the_object_it_refers_to_is_a_cycle()
    {
        Assert.Equal(
            "string:1:11: substitution cycle: the value of 'a' is needed while it is still being resolved (resolving 'a.b'); a value cannot refer to itself or to an object that contains it",
            Fails("a : { b : ${a} }").Message);
        Assert.Equal(
            "string:1:6: substitution cycle: the value of 'a' is needed while it is still being resolved; a value cannot refer to itself or to an object that contains it",
            Fails("a : [${a}]").Message);
    }

    [Fact]
    public void An_optional_substitution_in_a_cycle_is_undefined() =>
        AssertJson("""{ "a": { } }""", Resolve("a : { b : ${?a} }"));

    [Fact]
    public void Concatenating_a_list_with_a_string_is_an_error()
    {
        Assert.Equal(
            "string:2:5: cannot concatenate a list with a string (\"x\"); lists concatenate only with lists, objects only with objects",
            Fails("l = [1]\na = ${l} x").Message);
        Assert.Equal(
            "string:2:15: cannot concatenate an object with a number (5); objects concatenate only with objects",
            Fails("n = 5\na = { x = 1 } ${n}").Message);
    }

    [Fact]
    public void Substitutions_are_memoized_so_both_sides_of_an_ambiguous_loop_agree()
    {
        var config = Resolve("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }
}
