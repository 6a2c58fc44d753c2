//! Looking cell texts up quickly. A national quarter's rating file has
//! millions of rows whose ids, roles, indicators and scores are each one of
//! a few known texts: comparing and hashing those texts is most of the
//! work of reading a row, so it is done here without calls into the C
//! library's `memcmp` and, for short texts, without following a pointer.

use rustc_hash::FxHashMap;

/// Whether two texts are the same, compared a word at a time in place: for
/// the short texts of cells this is several times quicker than `==`, which
/// calls `memcmp`.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    while a.len() >= 8 {
        if a[..8] != b[..8] {
            return false;
        }
        (a, b) = (&a[8..], &b[8..]);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// The longest text kept inside its key.
const SHORT: usize = 23;

/// A text of up to [`SHORT`] bytes packed into three words, its length in
/// the last byte, so that keys of different lengths differ.
type ShortKey = [u64; 3];

/// Whether two keys are equal, a word at a time: a key just built is in
/// registers, and `==` on the arrays compares them as one wide load from
/// memory, which must wait for the key to be stored there first.
#[inline]
fn same_key(a: &ShortKey, b: &ShortKey) -> bool {
    ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2])) == 0
}

fn short_key(text: &str) -> ShortKey {
    short_key_of(text.as_bytes())
}

fn short_key_of(bytes: &[u8]) -> ShortKey {
    let length = (bytes.len() as u64) << 56;
    [word(bytes, 0), word(bytes, 8), word(bytes, 16) | length]
}

/// The eight bytes of `bytes` from `at`, as a little-endian word, zeros
/// past the end. Built in registers, eight bytes at a time where there are
/// eight: bytes stored one by one and read back as words would stall the CPU.
fn word(bytes: &[u8], at: usize) -> u64 {
    let chunk = bytes.get(at..).unwrap_or_default();
    match chunk.get(..8) {
        Some(eight) => {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            u64::from_le_bytes(word)
        }
        None => chunk
            .iter()
            .rev()
            .fold(0u64, |word, &byte| (word << 8) | u64::from(byte)),
    }
}

/// A hash of a text in which every bit depends on every byte: ids that
/// differ in one character, as `S0001` and `S0002`, differ in any half of
/// their hashes as two random numbers would. Each word goes through the
/// finaliser of MurmurHash3, a bijection, so texts of one word and one
/// length never share a hash.
pub(crate) fn text_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .step_by(8)
        .fold(bytes.len() as u64, |hash, at| mix(hash ^ word(bytes, at)))
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^ (x >> 33)
}

/// Unpacks a short key into `text`, replacing what it held.
fn short_text_into(key: &ShortKey, text: &mut String) {
    let bytes: [u8; SHORT + 1] = std::array::from_fn(|at| (key[at / 8] >> (8 * (at % 8))) as u8);
    let length = usize::from(bytes[SHORT]).min(SHORT);
    text.clear();
    text.push_str(&String::from_utf8_lossy(&bytes[..length]));
}

/// A map from texts: those of up to 23 bytes (ids, roles, scores, most
/// indicator ids) are kept inside their keys, in a table of their own where
/// a lookup hashes three words and compares three words, and whose slot for
/// a text is known before the lookup, so that a reader can have it fetched
/// from memory rows ahead (see [`TextMap::prefetch`]); longer texts are
/// kept as they are.
#[derive(Debug, Clone)]
pub(crate) struct TextMap<T> {
    /// Open addressing with linear probing: a power of two long, or empty,
    /// and never more than half full, so a probe always meets an empty slot.
    slots: Vec<Slot<T>>,
    /// Slots in use.
    short: usize,
    long: FxHashMap<Box<str>, T>,
}

#[derive(Debug, Clone, Copy)]
struct Slot<T> {
    key: ShortKey,
    value: T,
}

/// Where a short text is looked for in a [`TextMap`]: its key, and the
/// hash its probe starts from. Two probes are equal when their texts are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe {
    key: ShortKey,
    hash: usize,
}

impl PartialEq for Probe {
    fn eq(&self, other: &Probe) -> bool {
        // The hash follows from the key.
        same_key(&self.key, &other.key)
    }
}

impl Eq for Probe {}

impl Probe {
    /// The probe of a text of up to 23 bytes; `None` for a longer one.
    pub(crate) fn of(text: &[u8]) -> Option<Probe> {
        (text.len() <= SHORT).then(|| {
            let key = short_key_of(text);
            Probe {
                key,
                hash: slot_hash(&key),
            }
        })
    }
}

/// The key of an empty slot: no text is this long.
const EMPTY: ShortKey = [0, 0, u64::MAX];

/// Where a short key's probe starts, from a hash in which every bit of the
/// key counts.
fn slot_hash(key: &ShortKey) -> usize {
    let spread =
        key[1].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ key[2].wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    mix(key[0] ^ spread) as usize
}

impl<T> Default for TextMap<T> {
    fn default() -> Self {
        TextMap {
            slots: Vec::new(),
            short: 0,
            long: FxHashMap::default(),
        }
    }
}

impl<T: Copy + Default> TextMap<T> {
    pub(crate) fn get(&self, text: &str) -> Option<&T> {
        if text.len() > SHORT {
            return self.long.get(text);
        }
        self.get_probed(&Probe::of(text.as_bytes())?)
    }

    /// The value of the short text `probe` was made of.
    pub(crate) fn get_probed(&self, probe: &Probe) -> Option<&T> {
        let at = self.probe_from(&probe.key, probe.hash)?;
        let slot = &self.slots[at];
        same_key(&slot.key, &probe.key).then_some(&slot.value)
    }

    /// Inserts `value` for `text` unless `text` is there; gives the value kept.
    pub(crate) fn get_or_insert(&mut self, text: &str, value: impl FnOnce() -> T) -> &T {
        if text.len() > SHORT {
            if !self.long.contains_key(text) {
                self.long.insert(text.into(), value());
            }
            return &self.long[text];
        }
        if 2 * (self.short + 1) > self.slots.len() {
            self.grow();
        }
        let key = short_key(text);
        let at = self.probe(&key).unwrap_or_default();
        let slot = &mut self.slots[at];
        if !same_key(&slot.key, &key) {
            *slot = Slot {
                key,
                value: value(),
            };
            self.short += 1;
        }
        &slot.value
    }

    /// The slot holding `key`, or else the empty slot where it would go;
    /// `None` while there are no slots.
    fn probe(&self, key: &ShortKey) -> Option<usize> {
        self.probe_from(key, slot_hash(key))
    }

    /// [`TextMap::probe`] from the key's hash.
    fn probe_from(&self, key: &ShortKey, hash: usize) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = hash & mask;
        loop {
            let slot = &self.slots[at];
            if same_key(&slot.key, key) || same_key(&slot.key, &EMPTY) {
                return Some(at);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let empty = Slot {
            key: EMPTY,
            value: T::default(),
        };
        let old = std::mem::replace(&mut self.slots, vec![empty; size]);
        for slot in old.into_iter().filter(|slot| slot.key != EMPTY) {
            let at = self.probe(&slot.key).unwrap_or_default();
            self.slots[at] = slot;
        }
    }

    /// Asks the processor to fetch the slot where the text of `probe` is
    /// looked for first, without waiting for it: a reader that knows the
    /// text a row ahead finds it there when it gets to it. Any text will
    /// do: one that is not there costs nothing but the fetch.
    pub(crate) fn prefetch_probed(&self, probe: &Probe) {
        let mask = self.slots.len().wrapping_sub(1);
        if let Some(slot) = self.slots.get(probe.hash & mask) {
            prefetch(slot);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.short + self.long.len()
    }

    /// Calls `each` with every text and its value, in no particular order.
    pub(crate) fn for_each(&self, mut each: impl FnMut(&str, &T)) {
        let mut text = String::new();
        for slot in self.slots.iter().filter(|slot| slot.key != EMPTY) {
            short_text_into(&slot.key, &mut text);
            each(&text, &slot.value);
        }
        for (long, value) in &self.long {
            each(long, value);
        }
    }
}

/// Asks the processor to bring `value`'s memory into its cache, without
/// waiting for it; elsewhere than on x86-64, nothing.
#[inline]
fn prefetch<V>(value: &V) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it loads nothing into a register and
    // cannot fault, whatever the address (here that of a live reference);
    // the SSE it needs is part of every x86-64 processor.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Slots of [`KnownTexts`]' table of recent texts.
const RECENT: usize = 64;

/// Cell texts already checked and found good, with what they gave: a large
/// file repeats a few indicator ids and scores millions of times. They are
/// kept in a [`TextMap`], and the short ones found last also in a small
/// table indexed by a hash of the text, where a lookup costs a
/// multiplication and three comparisons.
#[derive(Debug, Clone)]
pub(crate) struct KnownTexts<T> {
    recent: [Option<(ShortKey, T)>; RECENT],
    all: TextMap<T>,
}

impl<T: Copy + Default> Default for KnownTexts<T> {
    fn default() -> Self {
        KnownTexts {
            recent: [None; RECENT],
            all: TextMap::default(),
        }
    }
}

impl<T: Copy + Default> KnownTexts<T> {
    fn recent_slot(key: &ShortKey) -> usize {
        let mixed = key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % RECENT
    }

    fn get(&mut self, text: &str) -> Option<T> {
        if text.len() > SHORT {
            return self.all.get(text).copied();
        }
        let key = short_key(text);
        let slot = Self::recent_slot(&key);
        if let Some((recent, value)) = self.recent[slot]
            && same_key(&recent, &key)
        {
            return Some(value);
        }
        let value = self.all.get(text).copied();
        if let Some(value) = value {
            self.recent[slot] = Some((key, value));
        }
        value
    }

    fn insert(&mut self, text: &str, value: T) {
        self.all.get_or_insert(text, || value);
    }

    /// What `text` gave when it was checked before, or else what `look_up`
    /// gives, kept when it is good (a bad cell is checked, and reported,
    /// every time).
    pub(crate) fn get_or_else(
        &mut self,
        text: &str,
        look_up: impl FnOnce() -> Option<T>,
    ) -> Option<T> {
        if let Some(value) = self.get(text) {
            return Some(value);
        }
        let value = look_up();
        if let Some(value) = value {
            self.insert(text, value);
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hashes_differ_in_any_half_for_ids_a_character_apart() {
        let ids = [
            "S0001",
            "S0002",
            "S0010",
            "1S0001",
            "S0001 ",
            "a-long-rater-id-of-30-bytes-01",
        ];
        for (at, id) in ids.iter().enumerate() {
            for other in &ids[at + 1..] {
                let (a, b) = (text_hash(id), text_hash(other));
                assert_ne!(a as u32, b as u32, "{id} {other}");
                assert_ne!(a >> 32, b >> 32, "{id} {other}");
            }
        }
        // Two ids whose low halves are the same: the integration tests
        // (tests/scale.rs) use them to check that such raters stay two.
        assert_eq!(text_hash("R132928") as u32, text_hash("R197492") as u32);
        assert_ne!(text_hash("R132928"), text_hash("R197492"));
    }

    #[test]
    fn a_text_map_grows_and_keeps_every_text() {
        let mut map = TextMap::default();
        for index in 0..1_000u32 {
            assert_eq!(*map.get_or_insert(&format!("id{index}"), || index), index);
        }
        map.get_or_insert("id7", || 99);
        assert_eq!(map.len(), 1_000);
        assert_eq!(map.get("id7"), Some(&7));
        assert_eq!(map.get("id999"), Some(&999));
        assert_eq!(map.get("id1000"), None);
        assert_eq!(TextMap::<u32>::default().get("id1"), None);
        let mut seen = 0;
        map.for_each(|text, &value| {
            assert_eq!(text, format!("id{value}"));
            seen += 1;
        });
        assert_eq!(seen, 1_000);
        // Looking ahead at any text, there or not, changes nothing.
        for text in [&b"id5"[..], b"not there", &[0xff; 23]] {
            let probe = Probe::of(text).expect("short");
            map.prefetch_probed(&probe);
            TextMap::<u32>::default().prefetch_probed(&probe);
        }
        assert_eq!(map.get("id5"), Some(&5));
    }

    #[test]
    fn same_text_compares_every_byte_and_the_length() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "FZ00001",
            "FZ00002",
            "FZ000010",
            "FZ000011",
            "needs-analysis",
            "needs-analysiS",
            "industry-solutions",
            "industry-solution",
            "福州",
            "福州政企一部",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn text_map_keeps_short_and_long_texts_apart() {
        let mut map = TextMap::default();
        // Lengths around the 23-byte limit, a text with a NUL, and one that
        // is a prefix of another.
        let texts = [
            "",
            "\0",
            "a",
            "a\0",
            "3.5",
            "12345678901234567890123",
            "123456789012345678901234",
            "1234567890123456789012",
            "政企客户经理部门第一分部",
        ];
        for (index, text) in texts.iter().enumerate() {
            assert_eq!(*map.get_or_insert(text, || index), index);
        }
        for (index, text) in texts.iter().enumerate() {
            assert_eq!(map.get(text), Some(&index), "{text:?}");
            assert_eq!(*map.get_or_insert(text, || 99), index);
        }
        assert_eq!(map.get("b"), None);
        assert_eq!(map.len(), texts.len());
        let mut back = vec![String::new(); texts.len()];
        map.for_each(|text, &index| back[index] = text.to_string());
        assert_eq!(back, texts);
    }

    #[test]
    fn known_texts_find_what_was_inserted_and_nothing_else() {
        let mut few = KnownTexts::default();
        let texts: Vec<String> = (0..200)
            .map(|n| format!("{}", n as f64 / 4.0))
            .chain(["industry-solutions-and-trends".to_string()])
            .collect();
        for (index, text) in texts.iter().enumerate() {
            assert_eq!(few.get(text), None);
            few.insert(text, index);
        }
        // Twice: once filling the recent table, once from it.
        for _ in 0..2 {
            for (index, text) in texts.iter().enumerate() {
                assert_eq!(few.get(text), Some(index), "{text}");
            }
        }
        assert_eq!(few.get("0.3"), None);
    }
}
