namespace ServiceHall.Cases.Data;

/// <summary>The last number given out on a day (hall calendar): tickets under the day, case numbers under C+day.</summary>
public sealed class TicketCounter
{
    public required string DayKey { get; init; }

    public int Last { get; set; }
}
