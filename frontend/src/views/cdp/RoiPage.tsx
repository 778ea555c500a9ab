import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoadRoiInputs } from '@/api/cdpInsights';
import { PageHeader } from '@/components/common/PageHeader';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { CDPROICalculator, type MyRoiData } from '@/components/widgets/CDPROICalculator';
import { useAuth } from '@/contexts/AuthContext';
import { tenantCurrency } from '@/lib/cdp';

/** The ROI calculator inside the console: the tenant's currency, and "use my data" from its own CDP. */
export function RoiPage() {
  return (
    <RequireActiveTenant>
      <TenantRoi />
    </RequireActiveTenant>
  );
}

function TenantRoi() {
  const { t } = useTranslation();
  const { activeTenant } = useAuth();
  const loadInputs = useLoadRoiInputs();
  const myData = useMemo(
    () => ({
      available: true,
      load: async (): Promise<MyRoiData> => {
        const inputs = await loadInputs();
        return { matchRate: inputs.match_rate, conversionRate: inputs.conversion_rate, basedOn: inputs.based_on };
      },
    }),
    [loadInputs],
  );
  return (
    <>
      <PageHeader title={t('roi.title')} description={t('calculatorPage.subtitle')} />
      <CDPROICalculator currency={tenantCurrency(activeTenant?.settings)} useMyData={myData} />
    </>
  );
}
