import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Users } from 'lucide-react';
import { useUiStore } from '@/stores/ui';
import { KPIWidget } from './KPIWidget';

describe('KPIWidget', () => {
  it('shows the title, the value formatted for the locale and a rising change', () => {
    render(<KPIWidget title="Users" value={12345} change={12.5} icon={Users} />);
    const card = screen.getByRole('group', { name: 'Users' });
    expect(card).toHaveTextContent('12,345');
    expect(screen.getByTestId('kpi-change')).toHaveTextContent('+12.5%');
  });

  it('shows a falling change and a caption', () => {
    render(<KPIWidget title="Active" value={10} change={-4} caption="of 20 users" />);
    expect(screen.getByTestId('kpi-change')).toHaveTextContent('-4%');
    expect(screen.getByText('of 20 users')).toBeInTheDocument();
  });

  it('shows a placeholder while loading instead of a number', () => {
    render(<KPIWidget title="Users" value={undefined} loading />);
    expect(screen.getByRole('group', { name: 'Users' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('kpi-skeleton')).toBeInTheDocument();
    expect(screen.queryByTestId('kpi-value')).not.toBeInTheDocument();
  });

  it('shows a dash when there is no value, and strings as given', () => {
    const { rerender } = render(<KPIWidget title="Revenue" value={null} />);
    expect(screen.getByTestId('kpi-value')).toHaveTextContent('—');
    rerender(<KPIWidget title="Revenue" value="AED 1,200" />);
    expect(screen.getByTestId('kpi-value')).toHaveTextContent('AED 1,200');
  });

  it('formats numbers for Arabic readers with UAE conventions', () => {
    useUiStore.setState({ language: 'ar' });
    render(<KPIWidget title="Users" value={1875} />);
    expect(screen.getByTestId('kpi-value')).toHaveTextContent(new Intl.NumberFormat('ar-AE').format(1875));
  });
});
