using System.Linq.Expressions;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Cases.Application;

/// <summary>Moves a case's applicant data and ID-number look-up hash to the current key.</summary>
public sealed class CaseSealedDataMover(CasesDbContext db, PersonalDataProtector protector)
    : SealedDataMover<CasesDbContext, CaseFile>(db, protector)
{
    private readonly PersonalDataProtector _protector = protector;

    public override string Table => "cases";

    protected override Expression<Func<CaseFile, string>> Key => c => c.CaseId;

    protected override bool Move(CaseFile row)
    {
        var moved = Reseal(row.ApplicantNameProtected, SealedFields.ApplicantName(row.CaseId), v => row.ApplicantNameProtected = v);
        moved |= Reseal(row.ApplicantIdNumberProtected, SealedFields.ApplicantIdNumber(row.CaseId), v => row.ApplicantIdNumberProtected = v);
        moved |= Reseal(row.ApplicantPhoneProtected, SealedFields.ApplicantPhone(row.CaseId), v => row.ApplicantPhoneProtected = v);
        if (!_protector.IsCurrentLookup(row.ApplicantIdLookup))
        {
            row.ApplicantIdLookup = _protector.LookupHash(
                _protector.Unprotect(row.ApplicantIdNumberProtected, SealedFields.ApplicantIdNumber(row.CaseId)));
            moved = true;
        }
        if (moved)
            row.Revision++;
        return moved;
    }
}
