namespace ServiceHall.Cases.Domain;

/// <summary>
/// A rule of the cases domain refuses a step (answered as FAILED_PRECONDITION with the rule and subject named).
/// </summary>
public sealed class CaseRuleException(string rule, string subject, string message) : Exception(message)
{
    public string Rule { get; } = rule;

    public string Subject { get; } = subject;
}
