using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Cases.Application;

/// <summary>Where each sealed value of a case lives: a value opens only in its own case and field.</summary>
public static class SealedFields
{
    public static PersonalDataField ApplicantName(string caseId) => new("cases", nameof(CaseFile.ApplicantNameProtected), caseId);

    public static PersonalDataField ApplicantIdNumber(string caseId) => new("cases", nameof(CaseFile.ApplicantIdNumberProtected), caseId);

    public static PersonalDataField ApplicantPhone(string caseId) => new("cases", nameof(CaseFile.ApplicantPhoneProtected), caseId);
}
