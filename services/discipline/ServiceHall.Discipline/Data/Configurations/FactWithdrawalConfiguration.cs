using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class FactWithdrawalConfiguration : IEntityTypeConfiguration<FactWithdrawal>
{
    public void Configure(EntityTypeBuilder<FactWithdrawal> e)
    {
        e.ToTable("fact_withdrawals");
        e.HasKey(w => w.FactEventId);
        e.Property(w => w.Reason).HasMaxLength(500);
    }
}
