namespace ServiceHall.Complaints.Domain;

public enum ComplaintStatus
{
    Received = 1,

    /// <summary>调查核实.</summary>
    Investigating = 2,

    Verified = 3,

    Unfounded = 4,

    /// <summary>Answered to the complainant; <see cref="ComplaintFile.Verified"/> keeps the finding.</summary>
    Resolved = 5,
}
