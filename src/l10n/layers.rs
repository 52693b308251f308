//! The built-in catalogs with supplied messages layered on top, and the lookup chain of each
//! locale (itself, its less specific forms, English).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use super::supplied::Supplied;
use super::*;

/// One locale of a [`Layered`] catalog set.
pub(super) struct Layer {
    pub(super) tag: String,
    pub(super) lang: LanguageIdentifier,
    /// Its built-in catalog, an index into [`LOCALES`].
    pub(super) builtin: Option<usize>,
    /// Its supplied messages.
    pub(super) supplied: Option<Bundle>,
    /// The layers to look a message up in, this one first and English last.
    pub(super) chain: Vec<usize>,
}

/// The built-in catalogs with supplied messages on top: the built-in locales first (as in
/// [`LOCALES`]), then the added ones.
pub(super) struct Layered {
    pub(super) layers: Vec<Layer>,
    /// What it was built from, to build each distinct set once.
    pub(super) resources: Vec<Supplied>,
}

impl std::fmt::Debug for Layered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tags: Vec<&str> = self.layers.iter().map(|l| l.tag.as_str()).collect();
        f.debug_struct("Layered").field("locales", &tags).finish()
    }
}

/// A message found in a [`Layered`] catalog set.
pub(super) struct Found<'a> {
    pub(super) layer: usize,
    pub(super) supplied: bool,
    pub(super) bundle: &'a Bundle,
}

impl Layered {
    /// The catalogs for `resources`: built once per distinct set of resources and kept for the
    /// life of the process, so that [`Localizer`] stays a `Copy` handle.
    pub(super) fn intern(resources: &[Supplied]) -> &'static Layered {
        static BUILT: Mutex<Vec<&'static Layered>> = Mutex::new(Vec::new());
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(layered) = built.iter().find(|l| l.resources == resources) {
            return layered;
        }
        let layered: &'static Layered = Box::leak(Box::new(Layered::build(resources)));
        built.push(layered);
        layered
    }

    pub(super) fn build(resources: &[Supplied]) -> Layered {
        let mut layers: Vec<Layer> = LOCALES
            .iter()
            .enumerate()
            .map(|(i, tag)| Layer {
                tag: (*tag).to_owned(),
                lang: tag.parse().unwrap_or_default(),
                builtin: Some(i),
                supplied: None,
                chain: Vec::new(),
            })
            .collect();
        // Every kind goes into the locale's one supplied bundle: their ids are disjoint. Layers
        // are found by tag through a map, so building stays linear in the number of locales.
        let mut by_tag: HashMap<String, usize> = layers.iter().enumerate().map(|(i, l)| (l.tag.clone(), i)).collect();
        for resource in resources {
            let index = match by_tag.get(&resource.tag) {
                Some(index) => *index,
                None => {
                    by_tag.insert(resource.tag.clone(), layers.len());
                    layers.push(Layer {
                        tag: resource.tag.clone(),
                        lang: resource.tag.parse().unwrap_or_default(),
                        builtin: None,
                        supplied: None,
                        chain: Vec::new(),
                    });
                    layers.len() - 1
                }
            };
            if let Some(layer) = layers.get_mut(index) {
                let bundle = layer.supplied.get_or_insert_with(|| new_bundle(layer.lang.clone()));
                // Checked when supplied: it parses and defines no id twice.
                let _ = bundle.add_resource(parse_resource(&resource.source));
            }
        }
        let by_lang: HashMap<&LanguageIdentifier, usize> =
            layers.iter().enumerate().rev().map(|(i, l)| (&l.lang, i)).collect();
        let chains: Vec<Vec<usize>> = (0..layers.len()).map(|i| chain(&layers, &by_lang, i)).collect();
        for (layer, chain) in layers.iter_mut().zip(chains) {
            layer.chain = chain;
        }
        Layered { layers, resources: resources.to_vec() }
    }

    /// Negotiation among every layer; see [`Messages::negotiate`].
    pub(super) fn negotiate(&'static self, requested: &[&str]) -> Localizer {
        let available: Vec<LanguageIdentifier> = self.layers.iter().map(|l| l.lang.clone()).collect();
        let requested: Vec<LanguageIdentifier> = requested
            .iter()
            .filter_map(|tag| {
                let base = posix_base(tag);
                let exact = self.layers.iter().find(|l| l.builtin.is_none() && l.tag.eq_ignore_ascii_case(&base));
                exact.map(|l| l.lang.clone()).or_else(|| parse_tag(tag))
            })
            .collect();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            available.first(),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let index = chosen.first().and_then(|c| self.layers.iter().position(|l| &l.lang == *c)).unwrap_or(0);
        Localizer { index, supplied: Some(self) }
    }

    /// The first layer of `index`'s chain with a text for `id`: its supplied text, else its
    /// built-in one.
    pub(super) fn find(&self, index: usize, id: &str) -> Option<Found<'_>> {
        for &layer in &self.layers.get(index)?.chain {
            let Some(l) = self.layers.get(layer) else { continue };
            let supplied = l.supplied.as_ref().map(|b| (true, b));
            let own = l.builtin.and_then(|index| bundle(index, id)).map(|b| (false, b));
            for (supplied, bundle) in [supplied, own].into_iter().flatten() {
                if bundle.get_message(id).is_some_and(|m| m.value().is_some()) {
                    return Some(Found { layer, supplied, bundle });
                }
            }
        }
        None
    }
}

/// The lookup chain of layer `index`: itself, its less specific forms that are layers
/// (`pt-BR` → `pt`), then English.
pub(super) fn chain(layers: &[Layer], by_lang: &HashMap<&LanguageIdentifier, usize>, index: usize) -> Vec<usize> {
    let mut chain = vec![index];
    let Some(layer) = layers.get(index) else { return chain };
    let mut lang = layer.lang.clone();
    let mut shorter = Vec::new();
    if lang.variants().next().is_some() {
        lang.clear_variants();
        shorter.push(lang.clone());
    }
    if lang.region.take().is_some() {
        shorter.push(lang.clone());
    }
    if lang.script.take().is_some() {
        shorter.push(lang.clone());
    }
    for candidate in shorter {
        if let Some(&found) = by_lang.get(&candidate)
            && !chain.contains(&found)
        {
            chain.push(found);
        }
    }
    // English, the built-in catalog every layer set starts with.
    if !chain.contains(&0) {
        chain.push(0);
    }
    chain
}
