/*
 * frame.h - what the harness puts in the storage a call's arguments point to: the start
 * values of out-cells and out-string buffers, which checks and observations compare with.
 */
#ifndef ESC_FRAME_H
#define ESC_FRAME_H

#define ESC_SENTINEL64 0x5EB7CAFE5EB7CAFEull  /* put in out-cells before a call */
#define ESC_SENTINEL32 0x5EB7CAFEu
#define ESC_FILL_BYTE 0xA5                     /* put in out-string buffers */
#define ESC_GUARD_BYTE 0x5A                    /* after an out-string buffer */
#define ESC_GUARD_SIZE 16
#define ESC_MAX_BUFFER (1u << 20)              /* largest out-string buffer */

#endif /* ESC_FRAME_H */
