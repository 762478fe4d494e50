using System.Text;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Architecture.Tests;

/// <summary>Every string of a request reaches the service in Unicode normalisation form C (NFC), at any depth.</summary>
public sealed class TextNormalizingTests
{
    private const string Composed = "R\u00e9sum\u00e9 \u97e9"; // é as one character
    private const string Decomposed = "Re\u0301sume\u0301 \u97e9"; // e + combining acute accent

    [Fact]
    public void Strings_in_the_message_its_nested_messages_and_its_lists_are_put_in_nfc()
    {
        Assert.NotEqual(Composed, Decomposed);
        var request = new CreateWindowRequest { WindowId = "w-1", UnitId = "u", Name = Decomposed, ServiceItemIds = { Decomposed, "ok" } };
        var roster = new SetRosterRequest { WindowId = "w-1", Entries = { new RosterEntry { StaffId = Decomposed, Date = "2026-11-23" } } };

        TextNormalizingInterceptor.Normalize(request);
        TextNormalizingInterceptor.Normalize(roster);

        Assert.Equal(Composed, request.Name);
        Assert.Equal([Composed, "ok"], request.ServiceItemIds);
        Assert.Equal(Composed, roster.Entries[0].StaffId);
        Assert.True(request.Name.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("w-1", request.WindowId);
    }

    [Fact]
    public void Text_that_is_not_valid_utf16_is_left_for_the_validators()
    {
        var request = new CreateWindowRequest { Name = "a\ud800b" };

        TextNormalizingInterceptor.Normalize(request);

        Assert.Equal("a\ud800b", request.Name);
    }
}
