import { useId } from 'react';
import { Controller, type Control, type FieldPathByValue, type FieldValues } from 'react-hook-form';
import { cn } from '@/lib/utils';
import { Label } from './label';
import { Switch } from './switch';

interface SwitchFieldProps<T extends FieldValues> {
  control: Control<T>;
  name: FieldPathByValue<T, boolean>;
  label: string;
  hint: string;
  className?: string;
}

/** An on/off field of a form: its label and hint at the start, the switch (named by the label) at the end. */
export function SwitchField<T extends FieldValues>({ control, name, label, hint, className }: SwitchFieldProps<T>) {
  const id = useId();
  return (
    <div className={cn('flex items-center justify-between gap-4', className)}>
      <div>
        <Label htmlFor={id}>{label}</Label>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>
      </div>
      <Controller
        control={control}
        name={name}
        render={({ field }) => <Switch id={id} checked={field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} />}
      />
    </div>
  );
}
