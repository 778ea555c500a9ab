import { forwardRef, type ComponentPropsWithoutRef, type ElementRef } from 'react';
import * as SliderPrimitive from '@radix-ui/react-slider';
import { cn } from '@/lib/utils';

type ThumbProps = ComponentPropsWithoutRef<typeof SliderPrimitive.Thumb>;

interface SliderProps extends ComponentPropsWithoutRef<typeof SliderPrimitive.Root> {
  /** Props of the (single) thumb, which is the element with role="slider": its label and value text go here. */
  thumbProps?: ThumbProps;
}

/**
 * A single-thumb slider. Radix gives it the slider role, arrow/Page/Home/End keys and aria-valuemin/max/now; the
 * caller names it (aria-labelledby) and says its value in words (aria-valuetext). Pass `dir` so that the track
 * fills from the inline start in Arabic too.
 */
export const Slider = forwardRef<ElementRef<typeof SliderPrimitive.Root>, SliderProps>(
  ({ className, thumbProps, ...props }, ref) => (
    <SliderPrimitive.Root
      ref={ref}
      className={cn('relative flex h-5 w-full touch-none items-center select-none data-[disabled]:opacity-50', className)}
      {...props}
    >
      <SliderPrimitive.Track className="relative h-1.5 w-full grow overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <SliderPrimitive.Range className="absolute h-full rounded-full bg-indigo-600 dark:bg-indigo-400" />
      </SliderPrimitive.Track>
      <SliderPrimitive.Thumb
        {...thumbProps}
        className={cn(
          'block size-4 cursor-grab rounded-full border-2 border-indigo-600 bg-white shadow-sm transition-shadow ' +
            'hover:ring-4 hover:ring-indigo-500/15 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ' +
            'active:cursor-grabbing dark:border-indigo-400 dark:bg-zinc-950',
          thumbProps?.className,
        )}
      />
    </SliderPrimitive.Root>
  ),
);
Slider.displayName = 'Slider';
