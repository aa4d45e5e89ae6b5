import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { LineChart, StackedBarChart } from './charts';

describe('charts', () => {
  it('draws a segment per bucket with widths in proportion and its value on hover', () => {
    const { container, getByRole } = render(
      <StackedBarChart
        title="Balance âgée"
        keys={['notDue', '1-30']}
        keyLabels={{ notDue: 'Non échu' }}
        bars={[{ label: 'EUR', segments: [{ key: 'notDue', value: 750, count: 3 }, { key: '1-30', value: 250, count: 1 }] }]}
        format={(v) => `${v} €`}
      />,
    );
    expect(getByRole('img', { name: 'Balance âgée' })).toBeTruthy();
    const rects = container.querySelectorAll('rect[data-key]');
    expect(rects).toHaveLength(2);
    const [a, b] = [Number(rects[0].getAttribute('width')), Number(rects[1].getAttribute('width'))];
    expect(a / b).toBeCloseTo(3);
    expect(rects[0].querySelector('title')?.textContent).toBe('EUR · Non échu: 750 € (3)');
  });

  it('breaks a line where a value is missing', () => {
    const { container } = render(
      <LineChart title="DSO" unit="jours" series={[{ name: 'dso', points: [{ x: '2026-01-31', y: 40 }, { x: '2026-02-28', y: 42 }, { x: '2026-03-31', y: null }, { x: '2026-04-30', y: 39 }] }]} />,
    );
    expect(container.querySelectorAll('polyline')).toHaveLength(1);
    expect(container.querySelectorAll('circle')).toHaveLength(3);
  });
});
