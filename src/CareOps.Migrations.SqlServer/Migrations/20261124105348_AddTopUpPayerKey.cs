using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddTopUpPayerKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TopUpInvoices_AgencyId_Month_Payer_PayerName_ClientId",
                table: "TopUpInvoices");

            migrationBuilder.AddColumn<string>(
                name: "PayerKey",
                table: "TopUpInvoices",
                type: "nvarchar(250)",
                maxLength: 250,
                nullable: false,
                defaultValue: "");

            // Hand-written: rows billed before this migration get their key (the same text as
            // TopUpInvoiceRecord.KeyOf). Two clerks billing a month at once could insert the month's invoices
            // twice (there was no unique index), so duplicates may exist and would block the unique index:
            // an unsent copy is dropped when another copy was sent for card payment, else all unsent copies but
            // the one with the lowest Id are (the copies came from the same calculation). Copies already sent for
            // card payment are kept (card invoices refer to them); all but one get "#id" appended to the key.
            migrationBuilder.Sql(@"UPDATE [TopUpInvoices] SET [PayerKey] = [Payer] + N'|' + [PayerName] + N'|' + COALESCE(LOWER(CONVERT(nvarchar(36), [ClientId])), N'-');");
            migrationBuilder.Sql(@"DELETE FROM [TopUpInvoices] WHERE [CardInvoiceId] IS NULL AND EXISTS (SELECT 1 FROM [TopUpInvoices] AS o WHERE o.[AgencyId] = [TopUpInvoices].[AgencyId] AND o.[Month] = [TopUpInvoices].[Month] AND o.[PayerKey] = [TopUpInvoices].[PayerKey] AND o.[Id] <> [TopUpInvoices].[Id] AND (o.[CardInvoiceId] IS NOT NULL OR o.[Id] < [TopUpInvoices].[Id]));");
            migrationBuilder.Sql(@"UPDATE [TopUpInvoices] SET [PayerKey] = [PayerKey] + N'#' + LOWER(CONVERT(nvarchar(36), [Id])) WHERE EXISTS (SELECT 1 FROM [TopUpInvoices] AS o WHERE o.[AgencyId] = [TopUpInvoices].[AgencyId] AND o.[Month] = [TopUpInvoices].[Month] AND o.[PayerKey] = [TopUpInvoices].[PayerKey] AND o.[Id] < [TopUpInvoices].[Id]);");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpInvoices_AgencyId_Month_PayerKey",
                table: "TopUpInvoices",
                columns: new[] { "AgencyId", "Month", "PayerKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TopUpInvoices_AgencyId_Month_PayerKey",
                table: "TopUpInvoices");

            migrationBuilder.DropColumn(
                name: "PayerKey",
                table: "TopUpInvoices");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpInvoices_AgencyId_Month_Payer_PayerName_ClientId",
                table: "TopUpInvoices",
                columns: new[] { "AgencyId", "Month", "Payer", "PayerName", "ClientId" });
        }
    }
}
