using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Architecture.Tests;

/// <summary>What every request's ids and texts must be, before any of it is stored.</summary>
public sealed class RequestValidatorTests
{
    [Theory]
    [InlineData("w-07")]
    [InlineData("unit.hr_2")]
    public void An_id_of_letters_digits_dot_underscore_and_dash_passes(string id) =>
        Assert.True(new RequestValidator().Id("window_id", id).IsValid);

    [Theory]
    [InlineData("w-07\n")] // a regex ending in $ lets a trailing line feed through
    [InlineData("w 07")]
    [InlineData("w/07")]
    [InlineData("")]
    [InlineData("x2345678901234567890123456789012345678901234567890123456789012345")] // 65
    public void Any_other_id_is_refused_with_its_field(string id)
    {
        var error = Assert.Throws<InvalidInputException>(() => new RequestValidator().Id("window_id", id).ThrowIfInvalid());
        Assert.Equal("window_id", Assert.Single(error.Violations).Field);
    }

    [Theory]
    [InlineData("社保\u202E登记")] // right-to-left override
    [InlineData("社保\u200B登记")] // zero-width space
    [InlineData("社保\u2066登记")] // left-to-right isolate
    [InlineData("社保\u0007登记")] // a control character
    public void Text_that_shows_otherwise_than_it_reads_is_refused(string text)
    {
        var error = Assert.Throws<InvalidInputException>(() => new RequestValidator().Text("name", text, 200).ThrowIfInvalid());
        Assert.Equal("name", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Ordinary_chinese_text_passes_and_201_characters_do_not()
    {
        Assert.True(new RequestValidator().Text("name", "人力资源和社会保障局 7号窗口", 200).IsValid);
        Assert.False(new RequestValidator().Text("name", new string('窗', 201), 200).IsValid);
    }
}
