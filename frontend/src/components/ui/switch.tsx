import { forwardRef, type ComponentPropsWithoutRef, type ElementRef } from 'react';
import * as SwitchPrimitive from '@radix-ui/react-switch';
import { cn } from '@/lib/utils';

export const Switch = forwardRef<
  ElementRef<typeof SwitchPrimitive.Root>,
  ComponentPropsWithoutRef<typeof SwitchPrimitive.Root>
>(({ className, ...props }, ref) => (
  <SwitchPrimitive.Root
    ref={ref}
    className={cn(
      'peer inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent transition-colors ' +
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ' +
        'disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-indigo-600 data-[state=unchecked]:bg-zinc-300 ' +
        'dark:data-[state=unchecked]:bg-zinc-700',
      className,
    )}
    {...props}
  >
    <SwitchPrimitive.Thumb
      className={
        'pointer-events-none block size-4 rounded-full bg-white shadow ring-0 transition-transform ' +
        // Logical translation: the thumb moves toward the inline end in both LTR and RTL.
        'data-[state=unchecked]:translate-x-0 ltr:data-[state=checked]:translate-x-4 rtl:data-[state=checked]:-translate-x-4'
      }
    />
  </SwitchPrimitive.Root>
));
Switch.displayName = 'Switch';
