namespace ServiceHall.Calendar;

/// <summary>What the windows do over the lunch break (a hall setting).</summary>
public enum LunchPolicy
{
    /// <summary>Windows close over lunch: the hall does not serve then.</summary>
    Close = 1,

    /// <summary>Staff rotate over lunch (午间轮岗): the windows stay open, each staff member takes a break in turn.</summary>
    Rotate = 2,
}
